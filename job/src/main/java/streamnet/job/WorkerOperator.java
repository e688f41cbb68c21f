package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import streamnet.record.Example;

/**
 * A parallel worker: training examples on input 1 (round-robin shares of the stream), global
 * models on input 2 (broadcast from the model topic), contributions out, cut into one part per
 * averager shard ({@link ShardLayout#split}). Its whole {@link Worker}
 * (replica, velocity, RNG, partial mini-batch, buffered examples) is operator state, written by
 * {@link WorkerStateSerializer} with its version. Rescaled, one worker restores several states.
 */
public final class WorkerOperator extends AbstractStreamOperator<ShardContribution>
    implements TwoInputStreamOperator<ExampleRecord, ModelUpdate, ShardContribution>, BoundedMultiInput {
  static final String STATE_NAME = "worker-state";
  static final String UNVERSIONED_STATE_NAME = "worker";
  private final String runId;
  private final JobSettings settings;
  private transient Worker worker;
  private transient ShardLayout shards;
  private transient ListState<WorkerState> state;
  private transient Counter examplesTrained;
  private transient long examplesReported;

  public WorkerOperator(String runId, JobSettings settings) {
    this.runId = runId;
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    shards = settings.shardLayout();
    worker = new Worker(
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
        runId,
        getRuntimeContext().getTaskInfo().getAttemptNumber(),
        settings);
    state = new SimpleVersionedListState<>(
        context.getOperatorStateStore().getListState(rawState(STATE_NAME)), new WorkerStateSerializer());
    if (context.isRestored()) {
      List<WorkerState> restored = new ArrayList<>();
      state.get().forEach(restored::add);
      restored.addAll(unversioned(context));
      worker.restore(restored);
    }
  }

  /** The state of savepoints taken before worker state carried a version; read once, then dropped. */
  private static List<WorkerState> unversioned(StateInitializationContext context) throws Exception {
    ListState<byte[]> legacy = context.getOperatorStateStore().getListState(rawState(UNVERSIONED_STATE_NAME));
    List<WorkerState> states = new ArrayList<>();
    for (byte[] snapshot : legacy.get()) {
      states.add(WorkerStateSerializer.readUnversioned(snapshot));
    }
    legacy.clear();
    return states;
  }

  private static ListStateDescriptor<byte[]> rawState(String name) {
    return new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  @Override
  public void open() throws Exception {
    super.open();
    WorkerStatistics statistics = worker.statistics();
    examplesTrained = getMetricGroup().counter("examplesTrained");
    getMetricGroup().meter("examplesPerSecond", new MeterView(examplesTrained));
    getMetricGroup().gauge("miniBatches", statistics::miniBatches);
    getMetricGroup().gauge("rounds", statistics::rounds);
    getMetricGroup().gauge("waitingForAverageMs", statistics::waitingMillis);
    getMetricGroup().gauge("bufferedExamples", worker::bufferedExamples);
    getMetricGroup().gauge("prequentialAccuracy", statistics::prequentialAccuracy);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(List.of(worker.snapshot()));
  }

  @Override
  public void processElement1(StreamRecord<ExampleRecord> element) {
    for (Example example : element.getValue().examples()) {
      worker.onExample(example, this::emit);
    }
    countTrained();
  }

  @Override
  public void processElement2(StreamRecord<ModelUpdate> element) {
    worker.onModel(element.getValue(), this::emit);
    countTrained();
  }

  @Override
  public void endInput(int inputId) {
    if (inputId == 1) {
      worker.onInputEnded(this::emit);
      countTrained();
    }
  }

  private void emit(Contribution contribution) {
    for (ShardContribution part : shards.split(contribution)) {
      output.collect(new StreamRecord<>(part));
    }
  }

  private void countTrained() {
    long trained = worker.statistics().examples();
    examplesTrained.inc(trained - examplesReported);
    examplesReported = trained;
  }
}
