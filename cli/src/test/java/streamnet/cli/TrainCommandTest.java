package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobSetup;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.io.ModelFile;

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

  // Catches: --live or --initial-model not handed to the job (locally or to a cluster's job main),
  // or --epochs handed on although not given (a live run would then always be refused).
  @Test
  void liveAndTheInitialModelReachTheJobLocallyAndOnACluster(@TempDir Path dir) throws Exception {
    Network model = Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 30, 10), WeightInitializer.DEFAULT,
        new Rng(4));
    Path file = dir.resolve("model.json");
    ModelFile.write(model, file);
    String[] commandLine = {"train", "--live", "--initial-model", file.toString()};

    TrainCommand train = command(commandLine);
    TrainingJobSetup local = train.job.setup(Path.of("/runs/a"));
    assertThat(local.settings().training().live()).isTrue();
    assertThat(local.settings().training().initialModel()).isEqualTo(model.toFlat());
    List<String> arguments = clusterArguments(commandLine);
    assertThat(arguments).containsExactly("--live", "--initial-model", file.toString(), "--parallelism", "2",
        "--run-dir", "/runs/a");
    assertThat(onCluster(arguments)).isEqualTo(local);
  }

  // Catches: train accepting --live with an epoch limit it would ignore.
  @Test
  void liveWithAnEpochLimitIsRefusedBeforeTheJobStarts() {
    assertThatThrownBy(() -> command("train", "--live", "--epochs", "3").job.settings())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("it takes no --epochs");
  }

  // Catches: find-eta and hyper-search silently ignoring --initial-model.
  @Test
  void theTuningCommandsRefuseAnInitialModel() {
    for (String tuning : List.of("find-eta", "hyper-search")) {
      java.io.StringWriter err = new java.io.StringWriter();
      int status = StreamnetCli.commandLine().setErr(new java.io.PrintWriter(err, true))
          .execute(tuning, "--initial-model", "any.json", "--data", "/nonexistent");
      assertThat(status).as(tuning).isEqualTo(1);
      assertThat(err.toString()).as(tuning).isEqualTo(tuning + ": --initial-model is for train-local, train and demo; "
          + tuning + " trains networks of its own" + System.lineSeparator());
    }
  }

  @Test
  void servesOnTheLocalMiniClusterOnlyWithTheFlag() {
    assertThat(command("train", "--serve").job.setup(Path.of("/runs/a")).serve()).isTrue();
    assertThat(command("train").job.setup(Path.of("/runs/a")).serve()).isFalse();
  }

  // Catches: train --plot not writing the run's learning curves, or writing them without the flag.
  @Test
  void plotsTheRunsLearningCurvesWithPlotOnly(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.write(run.resolve(MetricsFollower.METRICS_FILE), List.of(
        "{\"epoch\":1,\"eta\":0.02,\"training_cost\":0.5267779075512831,\"training_accuracy\":0.84098,\"validation_cost\":0.6634628921467131,\"validation_accuracy\":0.9744,\"examples\":250000,\"elapsed_s\":44.814028828,\"prequential_accuracy\":0.84098,\"prequential_cost\":0.5036601094915171,\"prequential_sliding_accuracy\":0.8858333333333334,\"prequential_sliding_cost\":0.37221345593628224,\"drift\":0,\"drifts\":0,\"parallelism\":2,\"average_every\":200,\"max_staleness\":50,\"averagers\":1,\"mode\":\"delayed\",\"worker_wait_share\":0.0}",
        "{\"epoch\":2,\"eta\":0.02,\"training_cost\":0.34444699335432066,\"training_accuracy\":0.90302,\"validation_cost\":0.8306773186530119,\"validation_accuracy\":0.9769,\"examples\":500000,\"elapsed_s\":91.188625062,\"prequential_accuracy\":0.90302,\"prequential_cost\":0.3143110493353265,\"prequential_sliding_accuracy\":0.9096666666666666,\"prequential_sliding_cost\":0.28803603261577004,\"drift\":0,\"drifts\":0,\"parallelism\":2,\"average_every\":200,\"max_staleness\":50,\"averagers\":1,\"mode\":\"delayed\",\"worker_wait_share\":0.0}"));
    Path plots = dir.resolve("plots");

    command("train").writeResults(run);
    assertThat(plots).doesNotExist();
    command("train", "--plot", plots.toString()).writeResults(run);
    assertThat(plots.resolve("accuracy.png")).isNotEmptyFile();
    assertThat(plots.resolve("cost.png")).isNotEmptyFile();
  }

  private static TrainCommand command(String... commandLine) {
    return StreamnetCli.commandLine().parseArgs(commandLine).subcommand().commandSpec().commandLine().getCommand();
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
