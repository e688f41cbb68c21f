package streamnet.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.Test;

/** The model source ends after the record it calls last, and lets nothing after it through. */
class EndingSourceTest {
  private static final int LAST = 3;

  private static List<InputStatus> pollFourTimes(ScriptedSource scripted, ScriptedSource.Collected output)
      throws Exception {
    SourceReader<Integer, ScriptedSource.Split> reader =
        new EndingSource<>(scripted, record -> record == LAST).createReader(null);
    List<InputStatus> statuses = new ArrayList<>();
    for (int poll = 0; poll < 4; poll++) {
      statuses.add(reader.pollNext(output));
    }
    assertThat(reader.isAvailable()).as("an ended reader is always available").isCompleted();
    return statuses;
  }

  @Test
  void recordsUpToTheLastPassThenTheInputEnds() throws Exception {
    ScriptedSource scripted = new ScriptedSource(
        Boundedness.CONTINUOUS_UNBOUNDED, List.of(List.of(1), List.of(2), List.of(3), List.of(4)), false);
    ScriptedSource.Collected output = new ScriptedSource.Collected();

    assertThat(pollFourTimes(scripted, output)).containsExactly(
        InputStatus.MORE_AVAILABLE, InputStatus.MORE_AVAILABLE, InputStatus.END_OF_INPUT, InputStatus.END_OF_INPUT);
    assertThat(output.records).containsExactly(1, 2, 3);
  }

  /** The wrapped reader may emit records after the last one in the same poll: they are dropped. */
  @Test
  void recordsAfterTheLastInTheSamePollAreDropped() throws Exception {
    ScriptedSource scripted = new ScriptedSource(
        Boundedness.CONTINUOUS_UNBOUNDED, List.of(List.of(1, 3, 4, 5), List.of(6)), false);
    ScriptedSource.Collected output = new ScriptedSource.Collected();

    assertThat(pollFourTimes(scripted, output)).containsOnly(InputStatus.END_OF_INPUT);
    assertThat(output.records).containsExactly(1, 3);
  }

  /** Kafka's reader emits through per-split outputs: the last record is seen there too. */
  @Test
  void theLastRecordIsSeenThroughPerSplitOutputs() throws Exception {
    ScriptedSource scripted = new ScriptedSource(
        Boundedness.CONTINUOUS_UNBOUNDED, List.of(List.of(1, 2), List.of(3, 4), List.of(5)), true);
    ScriptedSource.Collected output = new ScriptedSource.Collected();

    assertThat(pollFourTimes(scripted, output)).containsExactly(
        InputStatus.MORE_AVAILABLE, InputStatus.END_OF_INPUT, InputStatus.END_OF_INPUT, InputStatus.END_OF_INPUT);
    assertThat(output.records).containsExactly(1, 2, 3);
  }

  @Test
  void withoutTheLastRecordTheReaderKeepsGoing() throws Exception {
    ScriptedSource scripted = new ScriptedSource(
        Boundedness.CONTINUOUS_UNBOUNDED, List.of(List.of(1), List.of(2)), false);
    SourceReader<Integer, ScriptedSource.Split> reader =
        new EndingSource<>(scripted, record -> record == LAST).createReader(null);
    ScriptedSource.Collected output = new ScriptedSource.Collected();

    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
    assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
    assertThat(reader.isAvailable()).as("the wrapped reader's future").isNotCompleted();
    assertThat(output.records).containsExactly(1, 2);
  }
}
