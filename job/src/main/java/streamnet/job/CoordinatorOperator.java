package streamnet.job;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;
import streamnet.network.train.EpochMetrics;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.InvalidRecordException;

/**
 * The coordinator (parallelism 1): the shards' round reports in (and, once, the seed of a
 * restored single averager); each version's header out (to the model topic), metrics lines, model
 * files and dead letters (reference records that do not decode) on side outputs. Its
 * {@link Coordinator} is operator state, written by {@link CoordinatorStateSerializer} with its
 * version; the validation and test sets are read whole through a {@link ReferenceReader} once the
 * task runs, at the start and after every restore.
 */
public final class CoordinatorOperator extends AbstractStreamOperator<ModelHeader>
    implements OneInputStreamOperator<Either<CoordinatorState, RoundReport>, ModelHeader> {
  public static final OutputTag<String> METRICS = new OutputTag<>("metrics") {};
  public static final OutputTag<ModelFileRecord> MODEL_FILES = new OutputTag<>("model-files") {};
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("coordinator-dead-letters") {};

  static final String STATE_NAME = "coordinator-state";
  private final String runId;
  private final JobSettings settings;
  private final ReferenceReader reference;
  private transient Coordinator coordinator;
  private transient Counter referenceDeadLettered;
  private transient ListState<CoordinatorState> state;
  private transient boolean restored;
  private transient Coordinator.Output out;

  public CoordinatorOperator(String runId, JobSettings settings, ReferenceReader reference) {
    this.runId = runId;
    this.settings = settings;
    this.reference = reference;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    coordinator = new Coordinator(runId, settings);
    state = new SimpleVersionedListState<>(
        context.getOperatorStateStore().getListState(
            new ListStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)),
        new CoordinatorStateSerializer(settings.training()));
    if (context.isRestored()) {
      for (CoordinatorState snapshot : state.get()) {
        coordinator.restore(snapshot);
        restored = true;
      }
    }
    coordinator.beginAttempt(getRuntimeContext().getTaskInfo().getAttemptNumber());
  }

  @Override
  public void open() throws Exception {
    super.open();
    out = new Coordinator.Output() {
      @Override
      public void publish(ModelHeader header) {
        output.collect(new StreamRecord<>(header));
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
   * Republishes a restored version's header (workers go on at once), then reads the validation and
   * test sets and hands them to the coordinator, which publishes the initial header or closes the
   * rounds that waited for them.
   */
  private void start() throws IOException {
    if (restored) {
      coordinator.republish(out);
    }
    for (RawRecord record : reference.read()) {
      try {
        for (Example example : ExampleCodec.decodeAll(record.value())) {
          coordinator.onReference(example);
        }
      } catch (InvalidRecordException e) {
        referenceDeadLettered.inc();
        out.deadLetter(DeadLetter.ofRecord(record, e.reason() + ": " + e.getMessage()));
      }
    }
    coordinator.onReferenceEnded(out);
  }

  private void registerGauges() {
    getMetricGroup().gauge("modelVersion", coordinator::version);
    getMetricGroup().gauge("generation", coordinator::generation);
    getMetricGroup().gauge("epoch", coordinator::epoch);
    getMetricGroup().gauge("eta", () -> coordinator.policy().eta());
    getMetricGroup().gauge("bestAccuracy", () -> Math.max(0, coordinator.policy().rule().best()));
    getMetricGroup().gauge("epochsWithoutImprovement", () -> coordinator.policy().rule().epochsWithoutImprovement());
    getMetricGroup().gauge("rejectedContributions", coordinator::rejectedContributions);
    getMetricGroup().gauge("rollbacks", coordinator::rollbacks);
    getMetricGroup().gauge("validationAccuracy", () -> lastMetric(EpochMetrics::validationAccuracy));
    getMetricGroup().gauge("validationCost", () -> lastMetric(EpochMetrics::validationCost));
    getMetricGroup().gauge("trainingCost", () -> lastMetric(EpochMetrics::trainingCost));
    getMetricGroup().gauge("prequentialAccuracy", () -> lastMetric(m -> m.prequential().accuracy()));
    getMetricGroup().gauge("prequentialSlidingAccuracy", () -> coordinator.slidingWindow().accuracy());
    getMetricGroup().gauge("prequentialSlidingCost", () -> coordinator.slidingWindow().cost());
    getMetricGroup().gauge("drifts", coordinator::drifts);
  }

  private double lastMetric(java.util.function.ToDoubleFunction<EpochMetrics> metric) {
    EpochMetrics last = coordinator.lastMetrics();
    return last == null ? Double.NaN : metric.applyAsDouble(last);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    state.update(List.of(coordinator.snapshot()));
  }

  @Override
  public void processElement(StreamRecord<Either<CoordinatorState, RoundReport>> element) {
    Either<CoordinatorState, RoundReport> input = element.getValue();
    if (input.isLeft()) {
      coordinator.onSeed(input.left(), out);
    } else {
      coordinator.onReport(input.right(), out);
    }
  }
}
