package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import streamnet.network.io.ModelFile;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.MetricsLog;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;

/**
 * A diverging run through the real broker and a MiniCluster, as a user starts it: {@code train}
 * stops it instead of training on NaN, keeps a finite best model and exits with status 3, as
 * {@code train-local} does with the same flags.
 */
@ExtendWith(SharedKafkaExtension.class)
class DivergingTrainIT {
  private static final int TRAINING = 2_500;
  /**
   * Far past what linear outputs with the quadratic cost take on this small data set, also after
   * the rollbacks' two halvings, so the run diverges whatever the workers' timing (on MNIST,
   * {@code --eta 5} already does).
   */
  private static final double ETA = 50;
  // Sync mode closes a round every k mini-batches whatever the workers' speed, so the rollbacks come
  // round after round; in delayed mode a few long rounds can use up this small data set first.

  @Test
  void aDivergingRunStopsWithStatusThreeAndAFiniteBestModel(KafkaBootstrap kafka, @TempDir Path temp)
      throws Exception {
    Path data = TinyMnist.write(Files.createDirectories(temp.resolve("data")), TRAINING * 6 / 5, 200);
    assertThat(StreamnetCli.commandLine().execute("produce", "--bootstrap", kafka.servers(),
        "--topic-prefix", "diverging-", "--data", data.toString(), "--epochs", "3")).isZero();

    Path run = temp.resolve("run");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setErr(new PrintStream(err, true));
    int status;
    try {
      status = StreamnetCli.commandLine().execute("train", "--bootstrap", kafka.servers(),
          "--topic-prefix", "diverging-", "--activation", "relu", "--output", "linear", "--cost", "quadratic",
          "--eta", String.valueOf(ETA), "--mode", "sync", "--epochs", "3", "--epoch-size", String.valueOf(TRAINING),
          "--run-dir", run.toString(), "--web-ui-port", String.valueOf(freePort()));
    } finally {
      System.setErr(originalErr);
    }

    assertThat(status).isEqualTo(TrainLocalCommand.DIVERGED);
    assertThat(err.toString()).containsPattern("train: training diverged in epoch \\d \\(η = [0-9.]+\\)");
    List<EpochMetrics> epochs = MetricsLog.readEpochs(run.resolve(MetricsFollower.METRICS_FILE));
    assertThat(epochs).as("stopped in its first epochs, not trained on NaN to the end").hasSizeLessThan(3);
    assertThat(MetricsLog.readDivergence(run.resolve(MetricsFollower.METRICS_FILE))).isPresent();
    assertThat(ModelFile.read(Files.readAllBytes(run.resolve("best.json")), "best").isFinite()).isTrue();
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
