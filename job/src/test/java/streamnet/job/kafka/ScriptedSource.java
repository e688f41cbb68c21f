package streamnet.job.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A source for testing the wrappers: its reader emits scripted polls of records (through the
 * reader output or a per-split output), and its enumerators say whether they were created or
 * restored.
 */
final class ScriptedSource implements Source<Integer, ScriptedSource.Split, String> {
  final Boundedness boundedness;
  final List<List<Integer>> polls;
  final boolean perSplitOutput;
  final List<Long> snapshotsTaken = new ArrayList<>();

  ScriptedSource(Boundedness boundedness, List<List<Integer>> polls, boolean perSplitOutput) {
    this.boundedness = boundedness;
    this.polls = polls;
    this.perSplitOutput = perSplitOutput;
  }

  record Split(String splitId) implements SourceSplit {}

  /** An enumerator that only says where it came from. */
  record Enumerator(String origin) implements SplitEnumerator<Split, String> {
    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<Split> splits, int subtaskId) {}

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public String snapshotState(long checkpointId) {
      return origin;
    }

    @Override
    public void close() {}
  }

  @Override
  public Boundedness getBoundedness() {
    return boundedness;
  }

  @Override
  public SplitEnumerator<Split, String> createEnumerator(SplitEnumeratorContext<Split> context) {
    return new Enumerator("created");
  }

  @Override
  public SplitEnumerator<Split, String> restoreEnumerator(SplitEnumeratorContext<Split> context, String checkpoint) {
    return new Enumerator("restored from " + checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<Split> getSplitSerializer() {
    throw new UnsupportedOperationException();
  }

  @Override
  public SimpleVersionedSerializer<String> getEnumeratorCheckpointSerializer() {
    throw new UnsupportedOperationException();
  }

  @Override
  public SourceReader<Integer, Split> createReader(SourceReaderContext context) {
    return new Reader();
  }

  /** Emits one scripted poll per pollNext; MORE_AVAILABLE until the script runs out. */
  private final class Reader implements SourceReader<Integer, Split> {
    private int poll;

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<Integer> output) {
      if (poll == polls.size()) {
        return InputStatus.NOTHING_AVAILABLE;
      }
      SourceOutput<Integer> target = perSplitOutput ? output.createOutputForSplit("split-0") : output;
      for (int record : polls.get(poll++)) {
        target.collect(record);
      }
      return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<Split> snapshotState(long checkpointId) {
      snapshotsTaken.add(checkpointId);
      return List.of(new Split("split-0"));
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return new CompletableFuture<>();
    }

    @Override
    public void addSplits(List<Split> splits) {}

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {}
  }

  /** A reader output that collects what reaches it, per-split outputs included. */
  static final class Collected implements ReaderOutput<Integer> {
    final List<Integer> records = new ArrayList<>();

    @Override
    public void collect(Integer record) {
      records.add(record);
    }

    @Override
    public void collect(Integer record, long timestamp) {
      records.add(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<Integer> createOutputForSplit(String splitId) {
      return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
  }
}
