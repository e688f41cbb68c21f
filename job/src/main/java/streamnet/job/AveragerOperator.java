package streamnet.job;

import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import streamnet.network.train.EpochMetrics;
import streamnet.record.Example;

/**
 * The parameter-averaging operator (parallelism 1): contributions on input 1, validation and test
 * examples on input 2; global model versions out (to the model topic), metrics lines and model
 * files on side outputs. Its whole {@link Averager} is operator state.
 */
public final class AveragerOperator extends AbstractStreamOperator<ModelUpdate>
    implements TwoInputStreamOperator<Contribution, Example, ModelUpdate>, BoundedMultiInput {
  public static final OutputTag<String> METRICS = new OutputTag<>("metrics") {};
  public static final OutputTag<ModelFileRecord> MODEL_FILES = new OutputTag<>("model-files") {};

  private final String runId;
  private final JobSettings settings;
  private transient Averager averager;
  private transient ListState<byte[]> state;
  private transient boolean restored;
  private transient Averager.Output out;

  public AveragerOperator(String runId, JobSettings settings) {
    this.runId = runId;
    this.settings = settings;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    averager = new Averager(runId, settings);
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("averager", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    if (context.isRestored()) {
      for (byte[] snapshot : state.get()) {
        averager.restore(snapshot);
        restored = true;
      }
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
    };
    registerGauges();
    if (restored) {
      // Publishing from open() is too early for the sinks; the first timer runs once the task runs.
      getProcessingTimeService().registerTimer(
          getProcessingTimeService().getCurrentProcessingTime(), time -> averager.republish(out));
    }
  }

  private void registerGauges() {
    getMetricGroup().gauge("modelVersion", averager::version);
    getMetricGroup().gauge("generation", averager::generation);
    getMetricGroup().gauge("epoch", averager::epoch);
    getMetricGroup().gauge("eta", () -> averager.rule().eta());
    getMetricGroup().gauge("bestAccuracy", () -> Math.max(0, averager.rule().best()));
    getMetricGroup().gauge("epochsWithoutImprovement", () -> averager.rule().epochsWithoutImprovement());
    getMetricGroup().gauge("validationAccuracy", () -> lastMetric(EpochMetrics::validationAccuracy));
    getMetricGroup().gauge("validationCost", () -> lastMetric(EpochMetrics::validationCost));
    getMetricGroup().gauge("trainingCost", () -> lastMetric(EpochMetrics::trainingCost));
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
  public void processElement1(StreamRecord<Contribution> element) {
    averager.onContribution(element.getValue(), out);
  }

  @Override
  public void processElement2(StreamRecord<Example> element) {
    averager.onReference(element.getValue());
  }

  @Override
  public void endInput(int inputId) {
    if (inputId == 2) {
      averager.onReferenceEnded(out);
    }
  }
}
