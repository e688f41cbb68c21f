package streamnet.network.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;

/**
 * Model files are network2's: network2.py's own {@code load()} and {@code feedforward} (in
 * bench/network2_numpy.py) read ours to the same outputs, and a file its {@code save()} wrote reads
 * here to the outputs network2 computed.
 */
class Network2CompatibilityTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bench/network2_numpy.py");
  private static final Offset<Double> TOLERANCE = Offset.offset(1e-5);

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(value = Cost.class, names = {"CROSS_ENTROPY", "QUADRATIC"})
  void network2LoadsOurModelToTheSameOutputs(Cost cost) throws Exception {
    assumeThat(pythonWithNumpy()).as("python3 with numpy").isTrue();
    Network network =
        Network.create(Architecture.sigmoid(cost, 6, 5, 3), WeightInitializer.DEFAULT, new Rng(3));
    Path model = dir.resolve("model.json");
    ModelFile.write(network, model);
    float[][] inputs = randomInputs(new Rng(4), 4, 6);
    Path inputFile = dir.resolve("inputs.json");
    MAPPER.writeValue(inputFile.toFile(), inputs);

    JsonNode outputs = MAPPER.readTree(run("python3", SCRIPT.toString(),
        "--check-model", model.toString(), "--inputs", inputFile.toString()));

    assertThat(outputs.size()).isEqualTo(inputs.length);
    for (int k = 0; k < inputs.length; k++) {
      assertSameOutputs(network.feedforward(inputs[k]), outputs.get(k));
    }
  }

  @Test
  void readsAFileNetwork2SavedToTheOutputsNetwork2Computed() throws IOException, URISyntaxException {
    Network network = ModelFile.read(resource("network2-saved.json"));
    JsonNode expected = MAPPER.readTree(resource("network2-saved-outputs.json").toFile());

    assertThat(network.architecture()).isEqualTo(Architecture.sigmoid(Cost.CROSS_ENTROPY, 4, 3, 2));
    JsonNode inputs = expected.get("inputs");
    for (int k = 0; k < inputs.size(); k++) {
      float[] input = MAPPER.treeToValue(inputs.get(k), float[].class);
      assertSameOutputs(network.feedforward(input), expected.get("outputs").get(k));
    }
  }

  private static void assertSameOutputs(float[] actual, JsonNode expected) {
    assertThat(expected.size()).isEqualTo(actual.length);
    for (int j = 0; j < actual.length; j++) {
      assertThat((double) actual[j]).as("output %d", j).isCloseTo(expected.get(j).asDouble(), TOLERANCE);
    }
  }

  private static float[][] randomInputs(Rng rng, int count, int size) {
    float[][] inputs = new float[count][size];
    for (float[] input : inputs) {
      for (int i = 0; i < size; i++) {
        input[i] = (float) rng.nextDouble();
      }
    }
    return inputs;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(Network2CompatibilityTest.class.getResource("/" + name).toURI());
  }

  private static boolean pythonWithNumpy() throws InterruptedException {
    try {
      Process process = new ProcessBuilder("python3", "-c", "import numpy").start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs a command and returns its standard output, failing on a nonzero exit. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished: %s", output).isTrue();
    assertThat(process.exitValue()).as("exit status, output: %s", output).isZero();
    return output;
  }
}
