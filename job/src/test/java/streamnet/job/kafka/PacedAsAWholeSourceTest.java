package streamnet.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/** The paced training source keeps split pauses from its reader and passes everything else on. */
class PacedAsAWholeSourceTest {

  @Test
  void splitPausesStopAtTheWrapperAndEverythingElseReachesTheReader() throws Exception {
    Recording recording = new Recording();
    SourceReader<String, Split> reader = new PacedAsAWholeSource<>(new OneReaderSource(recording)).createReader(null);

    reader.start();
    reader.addSplits(List.of(new Split("train-0")));
    reader.pauseOrResumeSplits(List.of("train-0"), List.of());
    reader.pauseOrResumeSplits(List.of(), List.of("train-0"));
    InputStatus status = reader.pollNext(null);
    reader.notifyNoMoreSplits();
    reader.close();

    assertThat(status).isEqualTo(InputStatus.MORE_AVAILABLE);
    assertThat(recording.calls).containsExactly("start", "addSplits [train-0]", "pollNext", "notifyNoMoreSplits", "close");
  }

  private record Split(String splitId) implements SourceSplit {}

  /** A reader that writes down what it is asked. */
  private static final class Recording implements SourceReader<String, Split> {
    final List<String> calls = new ArrayList<>();

    @Override
    public void start() {
      calls.add("start");
    }

    @Override
    public InputStatus pollNext(ReaderOutput<String> output) {
      calls.add("pollNext");
      return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<Split> snapshotState(long checkpointId) {
      return List.of();
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void addSplits(List<Split> splits) {
      calls.add("addSplits " + splits.stream().map(Split::splitId).toList());
    }

    @Override
    public void notifyNoMoreSplits() {
      calls.add("notifyNoMoreSplits");
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
      calls.add("pauseOrResumeSplits " + toPause + " " + toResume);
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  /** A source whose only part in use is the reader it hands out. */
  private record OneReaderSource(Recording reader) implements Source<String, Split, Void> {
    @Override
    public Boundedness getBoundedness() {
      return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<String, Split> createReader(SourceReaderContext context) {
      return reader;
    }

    @Override
    public SplitEnumerator<Split, Void> createEnumerator(SplitEnumeratorContext<Split> context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SplitEnumerator<Split, Void> restoreEnumerator(SplitEnumeratorContext<Split> context, Void checkpoint) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SimpleVersionedSerializer<Split> getSplitSerializer() {
      throw new UnsupportedOperationException();
    }

    @Override
    public SimpleVersionedSerializer<Void> getEnumeratorCheckpointSerializer() {
      throw new UnsupportedOperationException();
    }
  }
}
