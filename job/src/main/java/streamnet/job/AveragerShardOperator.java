package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * An averager shard (parallelism S): the slices of contributions that belong to this subtask's
 * shard in, round reports out to the coordinator, the shard's slice of each model version on a
 * side output (to the model topic), rejected contributions as dead letters. Its
 * {@link AveragerShard} is operator union state, written by {@link AveragerShardStateSerializer}
 * with its version, so a restore at another S cuts the model anew. It restores the state of the
 * single averager of earlier jobs too (same uid), handing that state's epoch policy to the
 * coordinator as a seed before its first report.
 */
public final class AveragerShardOperator extends AbstractStreamOperator<Either<CoordinatorState, RoundReport>>
    implements OneInputStreamOperator<ShardContribution, Either<CoordinatorState, RoundReport>> {
  public static final OutputTag<ModelSlice> SLICES = new OutputTag<>("model-slices") {};
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("averager-dead-letters") {};

  static final String STATE_NAME = "averager-shard-state";
  /** The state of the single averager, versioned (format 1 of {@link AveragerStateSerializer}). */
  static final String SINGLE_AVERAGER_STATE_NAME = "averager-state";
  /** The state of the single averager of savepoints before state carried a version. */
  static final String UNVERSIONED_STATE_NAME = "averager";
  private final String runId;
  private final JobSettings settings;
  private transient AveragerShard shard;
  private transient ListState<AveragerShardState> state;
  private transient CoordinatorState seed;
  private transient AveragerShard.Output out;

  public AveragerShardOperator(String runId, JobSettings settings) {
    this.runId = runId;
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    shard = new AveragerShard(runId, settings, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
    state = new SimpleVersionedListState<>(
        context.getOperatorStateStore().getUnionListState(rawState(STATE_NAME)), new AveragerShardStateSerializer());
    if (context.isRestored()) {
      List<AveragerShardState> shards = new ArrayList<>();
      state.get().forEach(shards::add);
      if (!shards.isEmpty()) {
        shard.restore(shards);
      }
      restoreSingleAverager(context);
    }
    shard.beginAttempt(getRuntimeContext().getTaskInfo().getAttemptNumber());
  }

  private void restoreSingleAverager(StateInitializationContext context) throws Exception {
    AveragerStateSerializer serializer = new AveragerStateSerializer(settings.training());
    ListState<byte[]> versioned = context.getOperatorStateStore().getListState(rawState(SINGLE_AVERAGER_STATE_NAME));
    for (AveragerState single : new SimpleVersionedListState<>(versioned, serializer).get()) {
      seed = shard.restoreSingleAverager(single);
    }
    versioned.clear();
    ListState<byte[]> unversioned = context.getOperatorStateStore().getListState(rawState(UNVERSIONED_STATE_NAME));
    for (byte[] single : unversioned.get()) {
      seed = shard.restoreSingleAverager(serializer.readUnversioned(single));
    }
    unversioned.clear();
  }

  private static ListStateDescriptor<byte[]> rawState(String name) {
    return new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void open() throws Exception {
    super.open();
    out = new AveragerShard.Output() {
      @Override
      public void publish(ModelSlice slice) {
        output.collect(SLICES, new StreamRecord<>(slice));
      }

      @Override
      public void report(RoundReport report) {
        output.collect(new StreamRecord<>(Either.Right(report)));
      }

      @Override
      public void deadLetter(DeadLetter letter) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
      }
    };
    getMetricGroup().gauge("shard", shard::shard);
    getMetricGroup().gauge("modelVersion", shard::version);
    getMetricGroup().gauge("contributionBytes", shard::contributionBytes);
    // Emitting from open() is too early for the sinks; the first timer runs once the task runs.
    getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), time -> start());
  }

  /** Hands a restored single averager's policy to the coordinator, then (re)publishes the slice. */
  private void start() {
    sendSeed();
    shard.start(out);
  }

  /** The seed goes before anything else this subtask sends the coordinator, and before any checkpoint barrier. */
  private void sendSeed() {
    if (seed != null) {
      output.collect(new StreamRecord<>(Either.Left(seed)));
      seed = null;
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    sendSeed();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(List.of(shard.snapshot()));
  }

  @Override
  public void processElement(StreamRecord<ShardContribution> element) {
    sendSeed();
    shard.onContribution(element.getValue(), out);
  }
}
