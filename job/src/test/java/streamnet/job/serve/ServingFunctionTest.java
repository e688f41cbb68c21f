package streamnet.job.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.record.Example;
import streamnet.record.Prediction;
import streamnet.record.UnlabeledExample;

/** The serving operator: which version answers, and requests held before the first version. */
class ServingFunctionTest {
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 8, 10);

  private static BroadcastOperatorTestHarness<PredictRequest, ServedModel, Prediction> harness(
      OperatorSubtaskState restoreFrom) throws Exception {
    var harness = new BroadcastOperatorTestHarness<>(
        new CoBroadcastWithNonKeyedOperator<>(new ServingFunction(ARCHITECTURE), List.of(ServingFunction.MODEL_STATE)),
        1, 1, 0);
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static Network network(long seed) {
    return Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(seed));
  }

  private static ServedModel version(long version, Network network) {
    return new ServedModel(0, version, 1_000 + version, network.toFlat());
  }

  private static List<PredictRequest> requests(int count, long seed) {
    Random random = new Random(seed);
    List<PredictRequest> requests = new ArrayList<>();
    for (int id = 0; id < count; id++) {
      byte[] pixels = new byte[Example.PIXELS];
      random.nextBytes(pixels);
      requests.add(new PredictRequest(new UnlabeledExample(id, pixels), 500 + id));
    }
    return requests;
  }

  private static void send(BroadcastOperatorTestHarness<PredictRequest, ServedModel, Prediction> harness,
      PredictRequest request) throws Exception {
    harness.processElement(new StreamRecord<>(request, request.requestedMillis()));
  }

  /** What {@code network} answers for {@code request}, as the operator must compute it. */
  private static float[] expectedOutput(Network network, PredictRequest request) {
    return network.feedforward(request.example().image());
  }

  @Test
  void eachPredictionCarriesTheVersionThatComputedIt() throws Exception {
    Network first = network(1);
    Network second = network(2);
    List<PredictRequest> requests = requests(2, 7);
    var harness = harness(null);
    harness.processBroadcastElement(new StreamRecord<>(version(3, first)));
    send(harness, requests.get(0));
    harness.processBroadcastElement(new StreamRecord<>(version(4, second)));
    send(harness, requests.get(1));

    List<Prediction> out = harness.extractOutputValues();
    assertThat(out).hasSize(2);
    assertThat(out.get(0).version()).isEqualTo(3);
    assertThat(out.get(0).modelPublishedMillis()).isEqualTo(1_003);
    assertThat(out.get(0).activations()).containsExactly(expectedOutput(first, requests.get(0)));
    assertThat(out.get(1).version()).isEqualTo(4);
    assertThat(out.get(1).modelPublishedMillis()).isEqualTo(1_004);
    assertThat(out.get(1).activations()).containsExactly(expectedOutput(second, requests.get(1)));
    assertThat(out.get(1).activations()).isNotEqualTo(expectedOutput(first, requests.get(1)));
    for (int i = 0; i < 2; i++) {
      assertThat(out.get(i).id()).isEqualTo(requests.get(i).example().id());
      assertThat(out.get(i).requestedMillis()).isEqualTo(requests.get(i).requestedMillis());
      assertThat(out.get(i).digit()).isEqualTo(Network.predictedClass(out.get(i).activations()));
    }
  }

  @Test
  void anOlderVersionArrivingLateDoesNotReplaceTheNewer() throws Exception {
    Network newer = network(1);
    PredictRequest request = requests(1, 7).get(0);
    var harness = harness(null);
    harness.processBroadcastElement(new StreamRecord<>(new ServedModel(1, 0, 10, newer.toFlat())));
    harness.processBroadcastElement(new StreamRecord<>(new ServedModel(0, 9, 20, network(2).toFlat())));
    send(harness, request);

    Prediction answer = harness.extractOutputValues().get(0);
    assertThat(answer.generation()).isEqualTo(1);
    assertThat(answer.version()).isZero();
    assertThat(answer.activations()).containsExactly(expectedOutput(newer, request));
  }

  @Test
  void requestsBeforeTheFirstVersionAreHeldAndAllAnsweredInOrderWhenItArrives() throws Exception {
    Network model = network(1);
    List<PredictRequest> requests = requests(5, 7);
    var harness = harness(null);
    for (PredictRequest request : requests) {
      send(harness, request);
    }
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processBroadcastElement(new StreamRecord<>(version(0, model)));

    assertAnsweredInOrder(harness.extractOutputValues(), requests, model);
  }

  @Test
  void heldRequestsSurviveASnapshotAndAreAnsweredAfterTheRestore() throws Exception {
    Network model = network(1);
    List<PredictRequest> requests = requests(6, 7);
    var original = harness(null);
    for (PredictRequest request : requests.subList(0, 4)) {
      send(original, request);
    }
    OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
    original.close();

    var restored = harness(snapshot);
    send(restored, requests.get(4));
    assertThat(restored.extractOutputValues()).isEmpty();
    restored.processBroadcastElement(new StreamRecord<>(version(0, model)));
    send(restored, requests.get(5));

    assertAnsweredInOrder(restored.extractOutputValues(), requests, model);
  }

  @Test
  void theVersionInBroadcastStateAnswersAfterARestoreWithoutANewVersion() throws Exception {
    Network model = network(1);
    PredictRequest request = requests(1, 7).get(0);
    var original = harness(null);
    original.processBroadcastElement(new StreamRecord<>(version(5, model)));
    OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
    original.close();

    var restored = harness(snapshot);
    send(restored, request);

    Prediction answer = restored.extractOutputValues().get(0);
    assertThat(answer.version()).isEqualTo(5);
    assertThat(answer.activations()).containsExactly(expectedOutput(model, request));
  }

  private static void assertAnsweredInOrder(List<Prediction> out, List<PredictRequest> requests, Network model) {
    assertThat(out).extracting(Prediction::id)
        .containsExactlyElementsOf(requests.stream().map(request -> request.example().id()).toList());
    for (int i = 0; i < requests.size(); i++) {
      assertThat(out.get(i).activations()).containsExactly(expectedOutput(model, requests.get(i)));
      assertThat(out.get(i).requestedMillis()).isEqualTo(requests.get(i).requestedMillis());
    }
  }
}
