package streamnet.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;

/** The metrics file of a run folder, one JSON object per line, as tests read it. */
public final class MetricsLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsLines() {}

  /** Every complete line of {@code run}/metrics.jsonl, none if the file does not exist yet. */
  public static List<JsonNode> read(Path run) {
    Path file = run.resolve("metrics.jsonl");
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      return Files.readAllLines(file).stream().filter(line -> line.endsWith("}")).map(MetricsLines::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The lines of {@code run} once {@code done} holds for them, polled every 250 ms; fails if the
   * job ends first (a live job never ends by itself) or {@code timeout} passes.
   */
  public static List<JsonNode> await(Path run, JobClient job, Predicate<List<JsonNode>> done, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> lines = read(run);
    while (!done.test(lines)) {
      if (job.getJobStatus().get().isGloballyTerminalState()) {
        throw new AssertionError("the job ended by itself: " + lines);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not there within " + timeout + ": " + lines);
      }
      Thread.sleep(250);
      lines = read(run);
    }
    return lines;
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(line, e);
    }
  }
}
