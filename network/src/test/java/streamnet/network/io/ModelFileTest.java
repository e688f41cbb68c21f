package streamnet.network.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;

/** Model files survive a round trip, and the strict reader says where and what is wrong. */
class ModelFileTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void roundTripKeepsArchitectureAndEveryParameter() throws IOException {
    Architecture architecture =
        Architecture.of(new int[] {5, 4, 3}, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
    Network network = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(1));
    Path file = dir.resolve("model.json");

    ModelFile.write(network, file);

    assertThat(ModelFile.read(file)).isEqualTo(network);
  }

  @Test
  void writesNetwork2sLayoutOneWeightRowPerOutputNeuronAndBiasColumns() throws IOException {
    Network network = smallNetwork();
    network.weights(0)[2][1] = 0.25f;
    ObjectNode json = written(network);

    assertThat(json.get("sizes").toString()).isEqualTo("[3,2,2]");
    assertThat(json.get("weights").get(0).size()).isEqualTo(2);
    assertThat(json.get("weights").get(0).get(1).size()).isEqualTo(3);
    assertThat(json.get("weights").get(0).get(1).get(2).floatValue()).isEqualTo(0.25f);
    assertThat(json.get("biases").get(1).get(0).size()).isEqualTo(1);
    assertThat(json.get("cost").asText()).isEqualTo("CrossEntropyCost");
  }

  @Test
  void readsAFileWithoutActivationsAsAllSigmoid() throws IOException {
    Network network = smallNetwork();
    ObjectNode json = written(network);
    json.remove("activations");

    assertThat(ModelFile.read(save(json))).isEqualTo(network);
  }

  @Test
  void rejectsAWeightRowOfTheWrongLength() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("weights").get(1).get(0)).add(0.5),
        "weights[1][0] has 3 entries, expected 2 weights (one per input neuron)");
  }

  @Test
  void rejectsAWeightMatrixWithTooFewRows() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("weights").get(0)).remove(1),
        "weights[0] has 1 entries, expected 2 rows (one per output neuron)");
  }

  @Test
  void rejectsABiasThatIsNotAOneElementRow() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("biases").get(0).get(1)).add(0.5),
        "biases[0][1] has 2 entries, expected 1 value");
  }

  @Test
  void rejectsABiasColumnOfTheWrongLength() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("biases").get(1)).addArray().add(0.5),
        "biases[1] has 3 entries, expected 2 rows (one per output neuron)");
  }

  @Test
  void rejectsAMissingField() throws IOException {
    assertRejected(json -> json.remove("weights"), "missing field 'weights'");
    assertRejected(json -> json.remove("biases"), "missing field 'biases'");
    assertRejected(json -> json.remove("cost"), "missing field 'cost'");
  }

  @Test
  void rejectsAnUnknownCost() throws IOException {
    assertRejected(json -> json.put("cost", "HingeCost"), "unknown cost 'HingeCost'");
  }

  @Test
  void rejectsAValueThatIsNotANumber() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("weights").get(0).get(0)).set(1, "x"),
        "weights[0][0][1] must be a finite number, got \"x\"");
  }

  @Test
  void rejectsAnInfiniteValueWithItsPosition() throws IOException {
    assertRejectedText(text -> text.replaceFirst("\"weights\":\\[\\[\\[[^,]*", "\"weights\":[[[1e999"),
        "weights[0][0][0] must be a finite number, got Infinity");
  }

  /** Python's json.dump, and so network2's save(), writes a diverged network's NaN as a bare token. */
  @Test
  void rejectsNaNAsPythonWritesItWithItsPosition() throws IOException {
    assertRejectedText(text -> text.replaceFirst("\"biases\":\\[\\[\\[[^\\]]*", "\"biases\":[[[NaN"),
        "biases[0][0][0] must be a finite number, got NaN");
  }

  @Test
  void rejectsSizesThatDoNotMatchTheLayers() throws IOException {
    assertRejected(json -> ((ArrayNode) withoutActivations(json).get("sizes")).add(2),
        "'weights' must hold 3 layers (sizes has 4 entries), got 2");
    assertRejected(json -> ((ArrayNode) withoutActivations(json).get("sizes")).remove(2),
        "'weights' must hold 1 layers (sizes has 2 entries), got 2");
  }

  @Test
  void rejectsTooFewSizes() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("sizes")).removeAll().add(3),
        "'sizes' must list at least two layer sizes");
  }

  @Test
  void rejectsASizeThatIsNotAPositiveInteger() throws IOException {
    assertRejected(json -> ((ArrayNode) json.get("sizes")).set(1, 0),
        "sizes[1] must be a positive integer, got 0");
  }

  @Test
  void namesTheFileInEveryMessage() throws IOException {
    ObjectNode json = written(smallNetwork());
    json.remove("cost");
    Path file = save(json);

    assertThatThrownBy(() -> ModelFile.read(file)).hasMessageStartingWith(file.toString() + ": ");
  }

  private static Network smallNetwork() {
    return Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, 3, 2, 2), WeightInitializer.DEFAULT, new Rng(2));
  }

  /** network2's own files have no activations, so only sizes and the layers can disagree. */
  private static ObjectNode withoutActivations(ObjectNode json) {
    json.remove("activations");
    return json;
  }

  private ObjectNode written(Network network) throws IOException {
    Path file = dir.resolve("written.json");
    ModelFile.write(network, file);
    return (ObjectNode) MAPPER.readTree(file.toFile());
  }

  private Path save(ObjectNode json) throws IOException {
    Path file = dir.resolve("edited.json");
    MAPPER.writeValue(file.toFile(), json);
    return file;
  }

  /** Edits a valid file of {@link #smallNetwork()} and expects the reader to reject it with {@code message}. */
  private void assertRejected(Consumer<ObjectNode> edit, String message) throws IOException {
    ObjectNode json = written(smallNetwork());
    edit.accept(json);
    assertReadFails(save(json), message);
  }

  /** The same for edits of the file's text, for what a JSON tree cannot hold. */
  private void assertRejectedText(UnaryOperator<String> edit, String message) throws IOException {
    Path file = dir.resolve("edited.json");
    Files.writeString(file, edit.apply(MAPPER.writeValueAsString(written(smallNetwork()))));
    assertReadFails(file, message);
  }

  private static void assertReadFails(Path file, String message) {
    assertThatThrownBy(() -> ModelFile.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining(message);
  }
}
