package streamnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import streamnet.job.TrainingJobFactory;
import streamnet.network.train.MetricsLog;

/** Reads the metrics lines the job appended since the last poll and prints them for people. */
final class MetricsFollower {
  /** The metrics file in a run folder: one JSON object per epoch, then a final one. */
  static final String METRICS_FILE = TrainingJobFactory.METRICS_FILE;
  /** How long a job may take to drain its input after training ended before it is cancelled. */
  private static final Duration LIVE_INPUT_GRACE = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final PrintStream out;
  private long offset;
  private double testAccuracy = Double.NaN;
  private long finishedAt = Long.MAX_VALUE;

  /** Follows the metrics file of the run folder {@code run}. */
  MetricsFollower(Path run, PrintStream out) {
    this.file = run.resolve(METRICS_FILE);
    this.out = out;
  }

  /** The final test accuracy, NaN until the final line was read. */
  double testAccuracy() {
    return testAccuracy;
  }

  /**
   * Whether training ended (the final line was read) more than the grace period ago while the
   * job still runs: live (unbounded) input never ends, so the runner stops the job itself.
   */
  boolean finishedLongAgo() {
    if (!Double.isNaN(testAccuracy) && finishedAt == Long.MAX_VALUE) {
      finishedAt = System.nanoTime();
    }
    return System.nanoTime() - finishedAt > LIVE_INPUT_GRACE.toNanos();
  }

  /** Prints the complete lines appended since the last poll. */
  void poll() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      // A restored job cuts the file back to its checkpoint and writes those epochs again.
      offset = Math.min(offset, in.length());
      in.seek(offset);
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.endsWith("}")) {
          break;
        }
        offset = in.getFilePointer();
        if (line.startsWith("{")) { // else the rewrite after a restore put a line's middle here
          show(JSON.readTree(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
      }
    }
  }

  private void show(JsonNode m) {
    if (m.path("final").asBoolean()) {
      testAccuracy = m.get("test_accuracy").asDouble();
      out.printf("test accuracy of the best model (epoch %d): %.2f %%%n",
          m.get("best_epoch").asInt(), 100 * testAccuracy);
      if (m.hasNonNull(MetricsLog.DIVERGENCE)) {
        out.println(m.get(MetricsLog.DIVERGENCE).asText());
      }
      return;
    }
    double seconds = m.get("elapsed_s").asDouble();
    out.printf("epoch %3d  η %-8.4g train %6.2f %% cost %.4f  validation %6.2f %% cost %.4f  prequential %6.2f %%%s"
            + "  %,9.0f ex/s  %6.1f s%n",
        m.get("epoch").asInt(), m.get("eta").asDouble(),
        100 * m.get("training_accuracy").asDouble(), m.get("training_cost").asDouble(),
        100 * m.get("validation_accuracy").asDouble(), m.get("validation_cost").asDouble(),
        100 * m.path(MetricsLog.PREQUENTIAL_ACCURACY).asDouble(), driftNote(m.path(MetricsLog.DRIFT).asInt()),
        seconds > 0 ? m.get("examples").asLong() / seconds : 0.0, seconds);
  }

  /** What an epoch line says about the drifts detected in the epoch: nothing when there were none. */
  static String driftNote(int drifts) {
    return drifts == 0 ? "" : drifts == 1 ? " (drift)" : " (" + drifts + " drifts)";
  }
}
