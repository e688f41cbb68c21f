package streamnet.job;

import java.io.IOException;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import streamnet.network.train.EpochMetrics;
import streamnet.record.ExampleCodec;
import streamnet.record.InvalidRecordException;

/**
 * The parameter-averaging operator (parallelism 1): contributions in; global model versions out
 * (to the model topic), metrics lines, model files and dead letters (rejected contributions,
 * reference records that do not decode) on side outputs. Its {@link Averager} is operator state,
 * written by {@link AveragerStateSerializer} with its version; the validation and test sets are
 * read whole through a {@link ReferenceReader} once the task runs, at the start and after every
 * restore.
 */
public final class AveragerOperator extends AbstractStreamOperator<ModelUpdate>
    implements OneInputStreamOperator<Contribution, ModelUpdate> {
  public static final OutputTag<String> METRICS = new OutputTag<>("metrics") {};
  public static final OutputTag<ModelFileRecord> MODEL_FILES = new OutputTag<>("model-files") {};
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("averager-dead-letters") {};

  static final String STATE_NAME = "averager-state";
  /** The state of savepoints taken before averager state carried a version; read once, then dropped. */
  static final String UNVERSIONED_STATE_NAME = "averager";
  private final String runId;
  private final JobSettings settings;
  private final ReferenceReader reference;
  private transient Averager averager;
  private transient Counter referenceDeadLettered;
  private transient ListState<AveragerState> state;
  private transient boolean restored;
  private transient Averager.Output out;

  public AveragerOperator(String runId, JobSettings settings, ReferenceReader reference) {
    this.runId = runId;
    this.settings = settings;
    this.reference = reference;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    averager = new Averager(runId, settings);
    AveragerStateSerializer serializer = new AveragerStateSerializer(settings.training());
    state = new SimpleVersionedListState<>(
        context.getOperatorStateStore().getListState(rawState(STATE_NAME)), serializer);
    if (context.isRestored()) {
      for (AveragerState snapshot : state.get()) {
        averager.restore(snapshot);
        restored = true;
      }
      ListState<byte[]> unversioned = context.getOperatorStateStore().getListState(rawState(UNVERSIONED_STATE_NAME));
      for (byte[] snapshot : unversioned.get()) {
        averager.restore(serializer.readUnversioned(snapshot));
        restored = true;
      }
      unversioned.clear();
    }
    averager.beginAttempt(getRuntimeContext().getTaskInfo().getAttemptNumber());
  }

  @Override
  public void open() throws Exception {
    super.open();
    out = new Averager.Output() {
      @Override
      public void publish(ModelUpdate update) {
        output.collect(new StreamRecord<>(update));
      }

      @Override
      public void metrics(String line) {
        output.collect(METRICS, new StreamRecord<>(line));
      }

      @Override
      public void modelFile(String name, byte[] json) {
        output.collect(MODEL_FILES, new StreamRecord<>(new ModelFileRecord(name, json)));
      }

      @Override
      public void deadLetter(DeadLetter letter) {
        output.collect(DEAD_LETTERS, new StreamRecord<>(letter));
      }
    };
    registerGauges();
    referenceDeadLettered = getMetricGroup().counter("deadLettered");
    // Emitting from open() is too early for the sinks; the first timer runs once the task runs.
    getProcessingTimeService().registerTimer(getProcessingTimeService().getCurrentProcessingTime(), time -> start());
  }

  /**
   * Republishes a restored model (workers go on at once), then reads the validation and test sets
   * and hands them to the averager, which publishes the initial model or closes the round that
   * waited for them.
   */
  private void start() throws IOException {
    if (restored) {
      averager.republish(out);
    }
    for (RawRecord record : reference.read()) {
      try {
        averager.onReference(ExampleCodec.decode(record.value()));
      } catch (InvalidRecordException e) {
        referenceDeadLettered.inc();
        out.deadLetter(DeadLetter.ofRecord(record, e.reason() + ": " + e.getMessage()));
      }
    }
    averager.onReferenceEnded(out);
  }

  private void registerGauges() {
    getMetricGroup().gauge("modelVersion", averager::version);
    getMetricGroup().gauge("generation", averager::generation);
    getMetricGroup().gauge("epoch", averager::epoch);
    getMetricGroup().gauge("eta", () -> averager.policy().eta());
    getMetricGroup().gauge("bestAccuracy", () -> Math.max(0, averager.policy().rule().best()));
    getMetricGroup().gauge("epochsWithoutImprovement", () -> averager.policy().rule().epochsWithoutImprovement());
    getMetricGroup().gauge("rejectedContributions", averager::rejectedContributions);
    getMetricGroup().gauge("rollbacks", averager::rollbacks);
    getMetricGroup().gauge("validationAccuracy", () -> lastMetric(EpochMetrics::validationAccuracy));
    getMetricGroup().gauge("validationCost", () -> lastMetric(EpochMetrics::validationCost));
    getMetricGroup().gauge("trainingCost", () -> lastMetric(EpochMetrics::trainingCost));
  }

  private static ListStateDescriptor<byte[]> rawState(String name) {
    return new ListStateDescriptor<>(name, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  }

  private double lastMetric(java.util.function.ToDoubleFunction<EpochMetrics> metric) {
    EpochMetrics last = averager.lastMetrics();
    return last == null ? Double.NaN : metric.applyAsDouble(last);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(java.util.List.of(averager.snapshot()));
  }

  @Override
  public void processElement(StreamRecord<Contribution> element) {
    averager.onContribution(element.getValue(), out);
  }
}
