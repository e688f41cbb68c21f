package streamnet.network.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --metrics FILE} contract: one JSON object per line, one per epoch with fields
 * {@code epoch, eta, training_cost, training_accuracy, validation_cost, validation_accuracy,
 * examples, elapsed_s} and, where the run measured them, {@code prequential_accuracy,
 * prequential_cost, prequential_sliding_accuracy, prequential_sliding_cost, drift, drifts}, then a final {@code {"final": true, "test_accuracy", "best_epoch"}} (with
 * {@code divergence}, the message, when the Flink job stopped a diverging run).
 * Callers may add fields (the Flink job adds P, k and mode); names here never change.
 */
public final class MetricsLog implements Closeable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** The final line's field naming why a run stopped as diverged (absent otherwise). */
  public static final String DIVERGENCE = "divergence";
  public static final String PREQUENTIAL_ACCURACY = "prequential_accuracy";
  public static final String PREQUENTIAL_COST = "prequential_cost";
  public static final String PREQUENTIAL_SLIDING_ACCURACY = "prequential_sliding_accuracy";
  public static final String PREQUENTIAL_SLIDING_COST = "prequential_sliding_cost";
  /** Drifts detected in the epoch. */
  public static final String DRIFT = "drift";
  /** Drifts detected in the run up to the epoch's end. */
  public static final String DRIFTS = "drifts";
  private final Writer out;
  private final Map<String, Object> extra;

  /** A log that writes to {@code path} and adds {@code extra} fields to every line. */
  public MetricsLog(Path path, Map<String, Object> extra) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    this.extra = Map.copyOf(extra);
  }

  /** Appends one epoch's line and flushes it, so a crash loses nothing already measured. */
  public void epoch(EpochMetrics m) throws IOException {
    write(epochLine(m, extra));
  }

  /** Appends the closing line: the test accuracy of the best model and the epoch it came from. */
  public void finish(double testAccuracy, int bestEpoch) throws IOException {
    write(finalLine(testAccuracy, bestEpoch, extra));
  }

  /** One epoch's line (without the newline), with {@code extra} fields added. */
  public static String epochLine(EpochMetrics m, Map<String, Object> extra) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("epoch", m.epoch());
    line.put("eta", m.eta());
    line.put("training_cost", m.trainingCost());
    line.put("training_accuracy", m.trainingAccuracy());
    line.put("validation_cost", m.validationCost());
    line.put("validation_accuracy", m.validationAccuracy());
    line.put("examples", m.examples());
    line.put("elapsed_s", m.elapsedSeconds());
    PrequentialMetrics prequential = m.prequential();
    if (prequential.measured()) {
      line.put(PREQUENTIAL_ACCURACY, prequential.accuracy());
      line.put(PREQUENTIAL_COST, prequential.cost());
      line.put(PREQUENTIAL_SLIDING_ACCURACY, prequential.slidingAccuracy());
      line.put(PREQUENTIAL_SLIDING_COST, prequential.slidingCost());
      line.put(DRIFT, prequential.drift());
      line.put(DRIFTS, prequential.drifts());
    }
    return render(line, extra);
  }

  /** The closing line (without the newline), with {@code extra} fields added. */
  public static String finalLine(double testAccuracy, int bestEpoch, Map<String, Object> extra) {
    ObjectNode line = MAPPER.createObjectNode();
    line.put("final", true);
    line.put("test_accuracy", testAccuracy);
    line.put("best_epoch", bestEpoch);
    return render(line, extra);
  }

  /** The epoch lines of a metrics file (the final line and unknown fields are skipped). */
  public static List<EpochMetrics> readEpochs(Path file) throws IOException {
    List<EpochMetrics> epochs = new ArrayList<>();
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode line = MAPPER.readTree(text);
      if (line.has("epoch")) {
        epochs.add(new EpochMetrics(
            line.get("epoch").asInt(),
            line.get("eta").asDouble(),
            line.get("training_cost").asDouble(),
            line.get("training_accuracy").asDouble(),
            line.get("validation_cost").asDouble(),
            line.get("validation_accuracy").asDouble(),
            line.get("examples").asLong(),
            line.get("elapsed_s").asDouble(),
            readPrequential(line)));
      }
    }
    return epochs;
  }

  private static PrequentialMetrics readPrequential(JsonNode line) {
    if (!line.has(PREQUENTIAL_ACCURACY)) {
      return PrequentialMetrics.NONE;
    }
    return new PrequentialMetrics(
        line.get(PREQUENTIAL_ACCURACY).asDouble(),
        line.get(PREQUENTIAL_COST).asDouble(),
        line.get(PREQUENTIAL_SLIDING_ACCURACY).asDouble(),
        line.get(PREQUENTIAL_SLIDING_COST).asDouble(),
        line.get(DRIFT).asInt(),
        line.get(DRIFTS).asLong());
  }

  /** The test accuracy of a metrics file's final line; NaN when the file has none. */
  public static double readTestAccuracy(Path file) throws IOException {
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode line = MAPPER.readTree(text);
      if (line.path("final").asBoolean()) {
        return line.get("test_accuracy").asDouble();
      }
    }
    return Double.NaN;
  }

  /**
   * Why the run of a metrics file diverged: the final line's {@code divergence} field, which the
   * Flink job writes when it stopped a diverging run; empty when it did not or the file has no
   * final line.
   */
  public static Optional<String> readDivergence(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonNode line = MAPPER.readTree(text);
      if (line.path("final").asBoolean() && line.hasNonNull(DIVERGENCE)) {
        return Optional.of(line.get(DIVERGENCE).asText());
      }
    }
    return Optional.empty();
  }

  private static String render(ObjectNode line, Map<String, Object> extra) {
    extra.forEach((key, value) -> line.set(key, MAPPER.valueToTree(value)));
    return line.toString();
  }

  private void write(String line) throws IOException {
    out.write(line);
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
