package streamnet.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new IllegalStateException(line, e);
    }
  }
}
