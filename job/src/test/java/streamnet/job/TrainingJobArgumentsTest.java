package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.io.ModelFile;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.train.TrainingSettings;

/** The job main's flags reach the job's setup; Flink's configuration fills in what they leave out. */
class TrainingJobArgumentsTest {
  private static final Configuration NO_FLINK_SETTINGS = new Configuration();

  @Test
  void everyFlagReachesTheSetup(@TempDir Path dir) throws Exception {
    Path kafkaConfig = Files.writeString(dir.resolve("client.properties"), "security.protocol=SASL_SSL\n");
    TrainingJobSetup setup = setup(NO_FLINK_SETTINGS,
        "--sizes", "784,20,20,10", "--activation", "tanh,relu", "--output", "softmax", "--cost", "log-likelihood",
        "--init", "large", "--eta", "0.1", "--lambda", "2.5", "--regularization", "l1", "--momentum", "0.9",
        "--dropout", "0.2", "--mini-batch", "20", "--epochs", "7", "--schedule", "4", "--seed", "11",
        "--bootstrap", "kafka:9093", "--topic-prefix", "digits-", "--kafka-config", kafkaConfig.toString(),
        "--timeout", "40", "--parallelism", "3", "--average-every", "5", "--mode", "sync", "--epoch-size", "1000",
        "--unbounded", "--serve", "--checkpoint-interval", "30", "--run-dir", dir.resolve("run").toString());

    TrainingSettings training = new TrainingSettings(
        new Architecture(new int[] {784, 20, 20, 10},
            new Activation[] {Activation.TANH, Activation.RELU, Activation.SOFTMAX}, Cost.LOG_LIKELIHOOD),
        WeightInitializer.LARGE, new Hyperparameters(0.1, 2.5, Regularization.L1, 0.9, 0.2, 1000), 20, 7, 4, true, 11);
    assertThat(setup).isEqualTo(new TrainingJobSetup(
        new JobSettings(training, 3, 5, AveragingMode.SYNC, 1000), "kafka:9093",
        Map.of("security.protocol", "SASL_SSL"), Duration.ofSeconds(40), "digits-", true, true, Duration.ofSeconds(30),
        TrainingJobSetup.DEFAULT_TOLERABLE_CHECKPOINT_FAILURES, dir.resolve("run")));
    assertThat(setup(NO_FLINK_SETTINGS, "--early-stopping", "6", "--run-dir", "r").settings().training().patience())
        .isEqualTo(6);
  }

  @Test
  void flinksParallelismDefaultAppliesUnlessTheFlagIsGiven() {
    Configuration flink = new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, 5);

    assertThat(setup(flink, "--run-dir", "r").settings().parallelism()).isEqualTo(5);
    assertThat(setup(flink, "--parallelism", "3", "--run-dir", "r").settings().parallelism()).isEqualTo(3);
  }

  @Test
  void flinksCheckpointingSettingsApplyUnlessTheFlagIsGiven() {
    Configuration flink = new Configuration()
        .set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(45))
        .set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 7);

    TrainingJobSetup fromFlink = setup(flink, "--run-dir", "r");
    assertThat(fromFlink.checkpointInterval()).isEqualTo(Duration.ofSeconds(45));
    assertThat(fromFlink.tolerableCheckpointFailures()).isEqualTo(7);
    assertThat(setup(flink, "--checkpoint-interval", "20", "--run-dir", "r").checkpointInterval())
        .isEqualTo(Duration.ofSeconds(20));
    TrainingJobSetup neither = setup(NO_FLINK_SETTINGS, "--run-dir", "r");
    assertThat(neither.checkpointInterval()).isEqualTo(TrainingJobSetup.DEFAULT_CHECKPOINT_INTERVAL);
    assertThat(neither.tolerableCheckpointFailures()).isEqualTo(TrainingJobSetup.DEFAULT_TOLERABLE_CHECKPOINT_FAILURES);
  }

  @Test
  void anUnknownFlagFailsNamingItAndTheKnownOnes() {
    assertThatThrownBy(() -> TrainingJobArguments.parse("--epoch", "3", "--run-dir", "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown flag --epoch;")
        .hasMessageContaining("--epochs");
  }

  @Test
  void aFlagWithoutItsValueOrNoRunFolderFails() {
    assertThatThrownBy(() -> TrainingJobArguments.parse("--run-dir", "r", "--epochs"))
        .hasMessage("--epochs needs a value");
    assertThatThrownBy(() -> setup(NO_FLINK_SETTINGS, "--epochs", "3"))
        .hasMessageStartingWith("--run-dir is required");
  }

  // Catches: --live not making the run live, or not reading the training topic for ever.
  @Test
  void liveMakesALiveRunOnTheUnboundedTopic() {
    TrainingJobSetup live = setup(NO_FLINK_SETTINGS, "--live", "--run-dir", "r");
    assertThat(live.settings().training().live()).isTrue();
    assertThat(live.unbounded()).isTrue();
    TrainingJobSetup unbounded = setup(NO_FLINK_SETTINGS, "--unbounded", "--run-dir", "r");
    assertThat(unbounded.settings().training().live()).isFalse();
    assertThat(unbounded.unbounded()).isTrue();
  }

  // Catches: an epoch limit silently ignored by a live run.
  @Test
  void liveRefusesAnEpochLimit() {
    assertThatThrownBy(() -> setup(NO_FLINK_SETTINGS, "--live", "--epochs", "5", "--run-dir", "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--live trains until it is stopped, in windows of --epoch-size examples; it takes no --epochs");
  }

  // Catches: --initial-model not read into the settings the operators get, or a file of another
  // shape accepted by the job's setup (before the job starts).
  @Test
  void initialModelIsWhereTheJobStartsAndAFileOfAnotherShapeIsRefused(@TempDir Path dir) throws Exception {
    Architecture run = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 30, 10);
    Network model = Network.create(run, WeightInitializer.DEFAULT, new Rng(9));
    Path file = dir.resolve("model.json");
    ModelFile.write(model, file);
    TrainingJobSetup setup = setup(NO_FLINK_SETTINGS, "--initial-model", file.toString(), "--run-dir", "r");
    assertThat(setup.settings().training().initialModel()).isEqualTo(model.toFlat());
    assertThatThrownBy(() -> setup(NO_FLINK_SETTINGS, "--initial-model", file.toString(), "--sizes", "784,31,10",
        "--run-dir", "r"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--initial-model " + file + ": model is " + run + ", expected ");
  }

  private static TrainingJobSetup setup(Configuration flink, String... args) {
    return TrainingJobSetup.of(TrainingJobArguments.parse(args), flink);
  }
}
