package streamnet.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.junit.jupiter.api.Test;

/** The reference source reads everything again after a restore: no splits in state, a fresh enumerator. */
class RereadOnRestoreSourceTest {

  private static ScriptedSource bounded() {
    return new ScriptedSource(Boundedness.BOUNDED, List.of(List.of(1)), false);
  }

  @Test
  void aRestoredJobGetsAFreshEnumeratorNotTheCheckpointedOne() throws Exception {
    RereadOnRestoreSource<Integer, ScriptedSource.Split, String> source = new RereadOnRestoreSource<>(bounded());

    assertThat(source.restoreEnumerator(null, "checkpoint 7")).isEqualTo(new ScriptedSource.Enumerator("created"));
    assertThat(source.createEnumerator(null)).isEqualTo(new ScriptedSource.Enumerator("created"));
  }

  @Test
  void readersCheckpointNoSplitsButTheWrappedReaderStillSnapshots() throws Exception {
    ScriptedSource scripted = bounded();
    SourceReader<Integer, ScriptedSource.Split> reader = new RereadOnRestoreSource<>(scripted).createReader(null);

    assertThat(reader.snapshotState(4)).isEmpty();
    assertThat(reader.snapshotState(5)).isEmpty();
    assertThat(scripted.snapshotsTaken).containsExactly(4L, 5L);
  }

  @Test
  void readersReadWhatTheWrappedReaderReads() throws Exception {
    SourceReader<Integer, ScriptedSource.Split> reader = new RereadOnRestoreSource<>(bounded()).createReader(null);
    ScriptedSource.Collected output = new ScriptedSource.Collected();
    reader.pollNext(output);
    assertThat(output.records).containsExactly(1);
  }

  @Test
  void anUnboundedSourceIsRefused() {
    assertThatThrownBy(() -> new RereadOnRestoreSource<>(
        new ScriptedSource(Boundedness.CONTINUOUS_UNBOUNDED, List.of(), false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bounded");
  }
}
