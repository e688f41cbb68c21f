package streamnet.job.kafka;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;

/**
 * A bounded Kafka source that also ends when it was restored from a savepoint or checkpoint.
 *
 * <p>flink-connector-kafka 5.0.0 has FLINK-31006 (open upstream): an enumerator recreated from state
 * finds every partition already assigned, returns before it marks partition discovery as done, and
 * so never sends readers the no-more-splits signal. The readers consume up to their stopping
 * offsets and then wait for ever: a run resumed from a savepoint never finishes. This wrapper sends
 * the signal the restored enumerator owes, once its first discovery has had time to run and has
 * found no new partition (when it finds one, the wrapped enumerator signals by itself).
 */
public final class EndsAfterRestoreSource<T> extends DelegatingSource<T, KafkaPartitionSplit, KafkaSourceEnumState> {
  /** How often the restored enumerator is checked, and how long its first discovery gets. */
  static final long CHECK_INTERVAL_MS = 1_000;

  public EndsAfterRestoreSource(Source<T, KafkaPartitionSplit, KafkaSourceEnumState> source) {
    super(source);
    if (source.getBoundedness() != Boundedness.BOUNDED) {
      throw new IllegalArgumentException("only a bounded source has an end to reach");
    }
  }

  @Override
  public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
      SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState checkpoint) throws Exception {
    return new SignallingEnumerator(source.restoreEnumerator(context, checkpoint), context, checkpoint);
  }

  /** The restored enumerator, plus the no-more-splits signal it would not send. */
  static final class SignallingEnumerator implements SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> {
    private final SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator;
    private final SplitEnumeratorContext<KafkaPartitionSplit> context;
    private final Set<String> restoredSplits = new HashSet<>();
    private final Set<Integer> signalled = new HashSet<>();
    private boolean discoveryFoundNothingNew;
    private boolean discoveryFoundNewPartitions;

    SignallingEnumerator(
        SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator,
        SplitEnumeratorContext<KafkaPartitionSplit> context,
        KafkaSourceEnumState restored) {
      this.enumerator = enumerator;
      this.context = context;
      restored.splits().forEach(split -> restoredSplits.add(split.split().splitId()));
    }

    @Override
    public void start() {
      enumerator.start();
      context.callAsync(() -> null, (ignored, error) -> check(), CHECK_INTERVAL_MS, CHECK_INTERVAL_MS);
    }

    /**
     * Runs in the coordinator thread. Once the wrapped enumerator holds no unassigned split and no
     * split beyond the restored ones, signals every registered reader (and, from then on, every
     * reader that registers: a restarted task).
     */
    void check() {
      if (discoveryFoundNothingNew || discoveryFoundNewPartitions) {
        return;
      }
      KafkaSourceEnumState state;
      try {
        state = enumerator.snapshotState(-1);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read the restored Kafka enumerator's splits", e);
      }
      boolean allRestored = state.splits().stream()
          .allMatch(split -> restoredSplits.contains(split.split().splitId()));
      if (!allRestored) {
        discoveryFoundNewPartitions = true;
        return;
      }
      if (state.unassignedSplits().isEmpty()) {
        discoveryFoundNothingNew = true;
        context.registeredReaders().keySet().forEach(this::signal);
      }
    }

    private void signal(int subtask) {
      if (signalled.add(subtask)) {
        context.signalNoMoreSplits(subtask);
      }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
      enumerator.handleSplitRequest(subtaskId, requesterHostname);
    }

    @Override
    public void addSplitsBack(List<KafkaPartitionSplit> splits, int subtaskId) {
      enumerator.addSplitsBack(splits, subtaskId);
    }

    @Override
    public void addReader(int subtaskId) {
      enumerator.addReader(subtaskId);
      // A reader registering again (its task restarted) needs the signal again.
      signalled.remove(subtaskId);
      if (discoveryFoundNothingNew) {
        signal(subtaskId);
      }
    }

    @Override
    public KafkaSourceEnumState snapshotState(long checkpointId) throws Exception {
      return enumerator.snapshotState(checkpointId);
    }

    @Override
    public void close() throws IOException {
      enumerator.close();
    }
  }
}
