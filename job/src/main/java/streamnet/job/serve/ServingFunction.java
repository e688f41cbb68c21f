package streamnet.job.serve;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.util.SimpleVersionedListState;
import org.apache.flink.util.Collector;
import streamnet.network.Architecture;
import streamnet.network.Network;
import streamnet.record.Prediction;

/**
 * Answers prediction requests (input 1, the parallel share of the predict topic) with the newest
 * model version (input 2, broadcast to every parallel instance). The version is broadcast state:
 * every instance sees the same versions in the same order, keeps the newest in (generation,
 * version) order, and gets it back from a checkpoint. Requests that arrive before any version are
 * held in operator state, in order, and answered as soon as one arrives. Each prediction names the
 * version that computed it.
 */
public final class ServingFunction extends BroadcastProcessFunction<PredictRequest, ServedModel, Prediction>
    implements CheckpointedFunction {
  /** The broadcast state: one entry, {@link #NEWEST}, the version answering now ({@link ServedModelSerializer}). */
  public static final MapStateDescriptor<String, byte[]> MODEL_STATE = new MapStateDescriptor<>(
      "serving-model", BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  static final String NEWEST = "newest";
  static final String HELD_STATE = "held-requests";
  private static final ServedModelSerializer MODEL_SERIALIZER = new ServedModelSerializer();

  private final Architecture architecture;
  private transient ServedModel model;
  private transient Network network;
  private transient List<PredictRequest> held;
  private transient SimpleVersionedListState<PredictRequest> heldState;
  private transient Counter predictions;
  /** The request being answered, as the network's input: one array for all, not 3 KB per request. */
  private transient float[] image;

  /** Serves networks of {@code architecture}; every version must have its parameter count. */
  public ServingFunction(Architecture architecture) {
    this.architecture = architecture;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    heldState = new SimpleVersionedListState<>(
        context.getOperatorStateStore().getListState(
            new ListStateDescriptor<>(HELD_STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)),
        new PredictRequestSerializer());
    held = new ArrayList<>();
    if (context.isRestored()) {
      heldState.get().forEach(held::add);
    }
  }

  @Override
  public void open(OpenContext context) {
    var metrics = getRuntimeContext().getMetricGroup();
    predictions = metrics.counter("predictions");
    image = new float[architecture.sizes()[0]];
    metrics.gauge("heldRequests", () -> held.size());
    metrics.gauge("modelGeneration", () -> model == null ? -1 : model.generation());
    metrics.gauge("modelVersion", () -> model == null ? -1L : model.version());
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    heldState.update(held);
  }

  @Override
  public void processElement(PredictRequest request, ReadOnlyContext context, Collector<Prediction> out)
      throws Exception {
    if (network == null) {
      restoreModel(context.getBroadcastState(MODEL_STATE));
    }
    if (network == null) {
      held.add(request);
      return;
    }
    answerHeld(out);
    out.collect(predict(request));
  }

  @Override
  public void processBroadcastElement(ServedModel update, Context context, Collector<Prediction> out)
      throws Exception {
    BroadcastState<String, byte[]> state = context.getBroadcastState(MODEL_STATE);
    if (network == null) {
      restoreModel(state);
    }
    if (model == null || update.isNewerThan(model)) {
      adopt(update);
      state.put(NEWEST, SimpleVersionedSerialization.writeVersionAndSerialize(MODEL_SERIALIZER, update));
    }
    answerHeld(out);
  }

  /** After a restore the version is in broadcast state only; a fresh instance has none. */
  private void restoreModel(ReadOnlyBroadcastState<String, byte[]> state) throws Exception {
    byte[] stored = state.get(NEWEST);
    if (stored != null) {
      adopt(SimpleVersionedSerialization.readVersionAndDeSerialize(MODEL_SERIALIZER, stored));
    }
  }

  private void adopt(ServedModel update) {
    Network candidate = Network.zeros(architecture);
    if (update.parameters().length != candidate.parameterCount()) {
      throw new IllegalStateException("model version (" + update.generation() + ", " + update.version() + ") has "
          + update.parameters().length + " parameters; the served architecture " + architecture + " has "
          + candidate.parameterCount());
    }
    candidate.setFlat(update.parameters());
    network = candidate;
    model = update;
  }

  private void answerHeld(Collector<Prediction> out) {
    if (held.isEmpty()) {
      return;
    }
    for (PredictRequest request : held) {
      out.collect(predict(request));
    }
    held.clear();
  }

  private Prediction predict(PredictRequest request) {
    request.example().imageInto(image);
    float[] output = network.feedforward(image);
    predictions.inc();
    return new Prediction(request.example().id(), Network.predictedClass(output), output, model.generation(),
        model.version(), request.requestedMillis(), System.currentTimeMillis(), model.publishedMillis());
  }
}
