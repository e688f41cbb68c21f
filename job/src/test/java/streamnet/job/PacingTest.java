package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The sync pacing's allowed drift: the epoch a reader is in, plus the larger of two rounds and a
 * quarter of an epoch, so the next epoch reaches the workers before they need it.
 */
class PacingTest {

  /** The settings of a sync run at P = 2, k = 10, m = 10 (rounds of 200 examples), epochs of {@code epochSize}. */
  private static JobSettings sync(int epochSize) {
    return TrainingJobSetup.of(TrainingJobArguments.parse("--mode", "sync", "--parallelism", "2",
        "--average-every", "10", "--mini-batch", "10", "--epoch-size", String.valueOf(epochSize),
        "--run-dir", "unused"), new Configuration()).settings();
  }

  @Test
  void aLongEpochLeadsByAQuarterOfItself() {
    assertThat(TrainingJob.allowedDrift(sync(50_000))).isEqualTo(Duration.ofMillis(50_000 + 12_500));
  }

  @Test
  void aShortEpochLeadsByTwoRounds() {
    assertThat(TrainingJob.allowedDrift(sync(1_000))).isEqualTo(Duration.ofMillis(1_000 + 2 * 200));
  }
}
