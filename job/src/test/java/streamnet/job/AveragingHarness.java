package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

/**
 * The averaging operators in Flink's operator test harnesses, wired as the job wires them: S
 * {@link AveragerShardOperator} subtasks, each taking its part of every contribution, their reports
 * going to one {@link CoordinatorOperator} in the order each shard sent them, and the slices and
 * headers they publish put back together as workers would read them from the model topic.
 */
final class AveragingHarness implements AutoCloseable {
  static final int MAX_PARALLELISM = 128;

  /** A checkpoint of the averaging operators: one snapshot per shard subtask, and the coordinator's. */
  record Snapshot(List<OperatorSubtaskState> shards, OperatorSubtaskState coordinator) {}

  private final JobSettings settings;
  private final List<OneInputStreamOperatorTestHarness<ShardContribution, Either<CoordinatorState, RoundReport>>> shards =
      new ArrayList<>();
  private final OneInputStreamOperatorTestHarness<Either<CoordinatorState, RoundReport>, ModelHeader> coordinator;
  private final ModelReassembler reassembler;
  private final List<ModelUpdate> published = new ArrayList<>();
  private final List<String> metrics = new ArrayList<>();
  private final List<DeadLetter> deadLetters = new ArrayList<>();

  private AveragingHarness(String runId, JobSettings settings, ReferenceReader reference, Snapshot restoreFrom)
      throws Exception {
    this.settings = settings;
    this.reassembler = new ModelReassembler(runId);
    int count = settings.averagers();
    for (int shard = 0; shard < count; shard++) {
      var harness = new OneInputStreamOperatorTestHarness<>(
          new AveragerShardOperator(runId, settings), MAX_PARALLELISM, count, shard);
      harness.setup(TrainingJob.REPORTS.createSerializer(new SerializerConfigImpl()));
      if (restoreFrom != null && !restoreFrom.shards().isEmpty()) {
        harness.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
            AbstractStreamOperatorTestHarness.repackageState(restoreFrom.shards().toArray(OperatorSubtaskState[]::new)),
            MAX_PARALLELISM, restoreFrom.shards().size(), count, shard));
      }
      harness.open();
      shards.add(harness);
    }
    coordinator = new OneInputStreamOperatorTestHarness<>(new CoordinatorOperator(runId, settings, reference));
    coordinator.setup();
    if (restoreFrom != null && restoreFrom.coordinator() != null) {
      coordinator.initializeState(restoreFrom.coordinator());
    }
    coordinator.open();
  }

  /** A new run's averaging operators. */
  static AveragingHarness start(String runId, JobSettings settings, ReferenceReader reference) throws Exception {
    return new AveragingHarness(runId, settings, reference, null).firstTimers();
  }

  /** Averaging operators restored from {@code snapshot} (of any number of shards; a null coordinator starts empty). */
  static AveragingHarness restore(String runId, JobSettings settings, ReferenceReader reference, Snapshot snapshot)
      throws Exception {
    return new AveragingHarness(runId, settings, reference, snapshot).firstTimers();
  }

  /** The tasks run: every operator's first timer fires (shards first, as they start without waiting). */
  private AveragingHarness firstTimers() throws Exception {
    for (var shard : shards) {
      shard.setProcessingTime(1);
    }
    pump();
    coordinator.setProcessingTime(1);
    pump();
    return this;
  }

  /** Hands a worker's contribution to every shard, its part each, and delivers what follows. */
  void contribute(Contribution contribution) throws Exception {
    for (ShardContribution part : settings.shardLayout().split(contribution)) {
      shards.get(part.shard()).processElement(new StreamRecord<>(part));
    }
    pump();
  }

  /** Delivers the shards' reports to the coordinator and every published part to the model reader, until quiet. */
  private void pump() throws Exception {
    boolean moved = true;
    while (moved) {
      moved = false;
      for (var shard : shards) {
        for (Object record = shard.getOutput().poll(); record != null; record = shard.getOutput().poll()) {
          if (record instanceof StreamRecord<?> streamRecord) {
            @SuppressWarnings("unchecked")
            var report = (StreamRecord<Either<CoordinatorState, RoundReport>>) streamRecord;
            coordinator.processElement(report);
            moved = true;
          }
        }
        for (var slice = shard.getSideOutput(AveragerShardOperator.SLICES).poll(); slice != null;
            slice = shard.getSideOutput(AveragerShardOperator.SLICES).poll()) {
          read(slice.getValue());
        }
        drain(shard.getSideOutput(AveragerShardOperator.DEAD_LETTERS), deadLetters);
      }
      for (Object record = coordinator.getOutput().poll(); record != null; record = coordinator.getOutput().poll()) {
        if (record instanceof StreamRecord<?> streamRecord) {
          read((ModelHeader) streamRecord.getValue());
        }
      }
      drain(coordinator.getSideOutput(CoordinatorOperator.METRICS), metrics);
      drain(coordinator.getSideOutput(CoordinatorOperator.DEAD_LETTERS), deadLetters);
    }
  }

  private static <T> void drain(java.util.Queue<StreamRecord<T>> queue, List<T> into) {
    if (queue == null) {
      return;
    }
    for (StreamRecord<T> record = queue.poll(); record != null; record = queue.poll()) {
      into.add(record.getValue());
    }
  }

  private void read(ModelPart part) {
    for (ModelChunk chunk : ModelChunker.split(part, ModelChunker.CHUNK_PAYLOAD_BYTES)) {
      reassembler.accept(ModelUpdateCodec.decode(ModelUpdateCodec.encode(chunk))).ifPresent(published::add);
    }
  }

  Snapshot snapshot(long checkpointId) throws Exception {
    List<OperatorSubtaskState> shardStates = new ArrayList<>();
    for (var shard : shards) {
      shardStates.add(shard.snapshot(checkpointId, checkpointId));
    }
    return new Snapshot(shardStates, coordinator.snapshot(checkpointId, checkpointId));
  }

  /** The whole versions published so far, in the order they became whole. */
  List<ModelUpdate> published() {
    return published;
  }

  ModelUpdate latest() {
    return published.get(published.size() - 1);
  }

  List<String> metrics() {
    return metrics;
  }

  List<DeadLetter> deadLetters() {
    return deadLetters;
  }

  OneInputStreamOperatorTestHarness<Either<CoordinatorState, RoundReport>, ModelHeader> coordinator() {
    return coordinator;
  }

  @Override
  public void close() throws Exception {
    for (var shard : shards) {
      shard.close();
    }
    coordinator.close();
  }
}
