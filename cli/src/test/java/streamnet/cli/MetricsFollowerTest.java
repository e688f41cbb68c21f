package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The follower prints each new epoch once it is complete, and keeps going when a restore rewrites the end. */
class MetricsFollowerTest {

  @Test
  void printsCompleteLinesAndFollowsARewriteAfterARestore(@TempDir Path run) throws Exception {
    Path file = run.resolve(MetricsFollower.METRICS_FILE);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    MetricsFollower follower = new MetricsFollower(run, new PrintStream(printed, true, StandardCharsets.UTF_8));

    Files.writeString(file, epoch(1, 0.91) + "\n" + epoch(2, 0.92) + "\n" + "{\"epoch\":3,");
    follower.poll();
    long checkpointed = epoch(1, 0.91).length() + 1;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(checkpointed);
    }
    follower.poll();
    Files.writeString(file, epoch(2, 0.93) + "\n"
        + "{\"final\":true,\"test_accuracy\":0.95,\"best_epoch\":2}\n", StandardOpenOption.APPEND);
    follower.poll();

    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .hasSize(4)
        .satisfies(lines -> {
          assertThat(lines.get(0)).startsWith("epoch   1").contains("91.00 %");
          assertThat(lines.get(1)).startsWith("epoch   2").contains("92.00 %");
          assertThat(lines.get(2)).startsWith("epoch   2").contains("93.00 %");
          assertThat(lines.get(3)).isEqualTo("test accuracy of the best model (epoch 2): 95.00 %");
        });
    assertThat(follower.testAccuracy()).isEqualTo(0.95);
  }

  private static String epoch(int epoch, double validationAccuracy) {
    return "{\"epoch\":" + epoch + ",\"eta\":0.5,\"training_cost\":0.5,\"training_accuracy\":0.9,"
        + "\"validation_cost\":0.6,\"validation_accuracy\":" + validationAccuracy
        + ",\"examples\":" + 50_000 * epoch + ",\"elapsed_s\":" + epoch + ".0}";
  }
}
