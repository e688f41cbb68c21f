package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobOptions;
import streamnet.job.TrainingJobSetup;

/**
 * {@code ./streamnet train}'s defaults are the job's (TrainingJobOptions): a run started with no
 * flags is the same run whether the CLI or the job main reads the command line. The one default
 * the CLI adds is P = 2, which it always passes to a cluster.
 */
class JobDefaultsTest {
  private static final Path RUN = Path.of("/runs/defaults").toAbsolutePath();

  @Test
  void trainWithoutFlagsIsTheJobMainWithoutFlags() {
    TrainCommand train = StreamnetCli.commandLine().parseArgs("train").subcommand().commandSpec().commandLine().getCommand();

    TrainingJobSetup cli = train.job.setup(RUN);
    TrainingJobSetup job = TrainingJobSetup.of(TrainingJobArguments.parse("--parallelism", "2", "--run-dir", RUN.toString()),
        new Configuration());

    assertThat(cli).isEqualTo(job);
    assertThat(train.job.averaging.parallelism).isEqualTo(2);
    assertThat(train.job.checkpointSeconds).isEqualTo(TrainingJobSetup.DEFAULT_CHECKPOINT_INTERVAL.toSeconds());
    assertThat(train.job.kafka.bootstrap).isEqualTo(TrainingJobOptions.BOOTSTRAP.defaultValue());
  }
}
