package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobSetup;

/** train --cluster hands the cluster's job main the job flags as the user gave them, and nothing else. */
class TrainCommandTest {

  @Test
  void passesTheJobFlagsAsGivenWithoutTheClientsOwn() {
    List<String> arguments = clusterArguments("train", "--cluster",
        "--jobmanager", "flink:8081", "--epochs", "3", "--sizes", "784,30,10", "--unbounded", "--serve",
        "--bootstrap", "kafka:9092", "--detach", "--run-dir", "/elsewhere", "--parallelism", "3");

    assertThat(arguments).containsExactly("--epochs", "3", "--sizes", "784,30,10", "--unbounded", "--serve",
        "--bootstrap", "kafka:9092", "--parallelism", "3", "--run-dir", "/runs/a");
    TrainingJobSetup setup = onCluster(arguments);
    assertThat(setup.settings().parallelism()).isEqualTo(3);
    assertThat(setup.unbounded()).isTrue();
    assertThat(setup.serve()).isTrue();
    assertThat(setup.runDir()).isEqualTo(Path.of("/runs/a"));
  }

  @Test
  void passesItsDefaultParallelismSoTheClustersDoesNotApply() {
    List<String> arguments = clusterArguments("train", "--cluster", "--epochs", "3");

    assertThat(arguments).containsExactly("--epochs", "3", "--parallelism", "2", "--run-dir", "/runs/a");
    assertThat(onCluster(arguments).settings().parallelism()).isEqualTo(2);
  }

  @Test
  void servesOnTheLocalMiniClusterOnlyWithTheFlag() {
    assertThat(localSetup("train", "--serve").serve()).isTrue();
    assertThat(localSetup("train").serve()).isFalse();
  }

  private static TrainingJobSetup localSetup(String... commandLine) {
    TrainCommand train = StreamnetCli.commandLine().parseArgs(commandLine).subcommand().commandSpec().commandLine().getCommand();
    return train.job.setup(Path.of("/runs/a"));
  }

  private static List<String> clusterArguments(String... commandLine) {
    TrainCommand train = StreamnetCli.commandLine().parseArgs(commandLine).subcommand().commandSpec().commandLine().getCommand();
    return train.clusterArguments(Path.of("/runs/a"));
  }

  /** The job main's reading of {@code arguments} on a cluster whose parallelism.default is 4. */
  private static TrainingJobSetup onCluster(List<String> arguments) {
    return TrainingJobSetup.of(TrainingJobArguments.parse(arguments.toArray(String[]::new)),
        new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, 4));
  }
}
