package streamnet.network.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

  @Test
  void writesTheContractsFieldsAndReadsThemBack(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    EpochMetrics first = new EpochMetrics(1, 0.5, 0.56, 0.928, 0.86, 0.9305, 50_000, 0.35);
    EpochMetrics second = new EpochMetrics(2, 0.25, 0.51, 0.939, 0.89, 0.9406, 100_000, 0.68);
    try (MetricsLog log = new MetricsLog(file, Map.of("parallelism", 2))) {
      log.epoch(first);
      log.epoch(second);
      log.finish(0.9582, 2);
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("\"epoch\":1", "\"validation_accuracy\":0.9305", "\"elapsed_s\":0.35",
        "\"parallelism\":2");
    assertThat(lines.get(2)).contains("\"final\":true", "\"test_accuracy\":0.9582", "\"best_epoch\":2");
    assertThat(MetricsLog.readEpochs(file)).containsExactly(first, second);
    assertThat(MetricsLog.readTestAccuracy(file)).isEqualTo(0.9582);
  }

  @Test
  void aFileWithoutItsFinalLineHasNoTestAccuracy(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    try (MetricsLog log = new MetricsLog(file, Map.of())) {
      log.epoch(new EpochMetrics(1, 0.5, 0.56, 0.928, 0.86, 0.9305, 50_000, 0.35));
    }

    assertThat(MetricsLog.readTestAccuracy(file)).isNaN();
  }

  @Test
  void theDivergenceOfAFinalLineIsReadAndAbsentOtherwise(@TempDir Path dir) throws Exception {
    Path diverged = dir.resolve("diverged.jsonl");
    Files.writeString(diverged, MetricsLog.finalLine(0.1, 0, Map.of(MetricsLog.DIVERGENCE, "training diverged in epoch 1"))
        + "\n");
    Path finished = dir.resolve("finished.jsonl");
    Files.writeString(finished, MetricsLog.finalLine(0.9, 3, Map.of()) + "\n");

    assertThat(MetricsLog.readDivergence(diverged)).contains("training diverged in epoch 1");
    assertThat(MetricsLog.readDivergence(finished)).isEmpty();
    assertThat(MetricsLog.readDivergence(dir.resolve("missing.jsonl"))).isEmpty();
  }

  // Catches: a prequential field not written, written under another name, or read back into the
  // wrong component; lines of older files (without them) not read as NONE.
  @Test
  void prequentialFiguresAreWrittenAndReadBackAndOldLinesHaveNone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("metrics.jsonl");
    EpochMetrics measured = new EpochMetrics(1, 0.5, 0.56, 0.928, 0.86, 0.9305, 50_000, 0.35,
        new PrequentialMetrics(0.91, 0.31, 0.93, 0.27, 1, 2));
    EpochMetrics old = new EpochMetrics(2, 0.25, 0.51, 0.939, 0.89, 0.9406, 100_000, 0.68);
    try (MetricsLog log = new MetricsLog(file, Map.of())) {
      log.epoch(measured);
      log.epoch(old);
    }

    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).contains("\"prequential_accuracy\":0.91", "\"prequential_cost\":0.31",
        "\"prequential_sliding_accuracy\":0.93", "\"prequential_sliding_cost\":0.27", "\"drift\":1",
        "\"drifts\":2");
    assertThat(lines.get(1)).doesNotContain("prequential", "drift");
    assertThat(MetricsLog.readEpochs(file)).containsExactly(measured, old);
  }
}
