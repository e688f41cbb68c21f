package streamnet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import streamnet.cli.StreamnetCli;
import streamnet.job.MetricsLines;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.producer.broker.BrokerSettings;
import streamnet.producer.broker.KafkaBroker;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;

/**
 * The training job on a real standalone Flink cluster (a JobManager and two TaskManagers as child
 * JVMs) against real brokers over real MNIST, [784,30,10], three epochs: it reaches the accuracy
 * band at P = 2, survives a killed TaskManager, resumes from a savepoint at another parallelism,
 * and rides out a broker restart.
 */
@ExtendWith(SharedKafkaExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterIT {
  private static final int EPOCHS = 3;
  private static final List<Integer> ALL_EPOCHS = IntStream.rangeClosed(1, EPOCHS).boxed().toList();
  private static final String PREFIX = "cluster-";
  private static final String ENTRY_CLASS = "streamnet.job.TrainingJob";
  /**
   * Test accuracy after three epochs that says the run learned. Measured here in sync mode: 94.1-94.8 %
   * in every scenario; in delayed mode, whose workers train on averages a round old, 93.8-94.8 %.
   * Over half a point of margin below the lowest, for the interleaving's variance.
   */
  private static final double SYNC_ACCURACY_BAND = 0.935;
  private static final double DELAYED_ACCURACY_BAND = 0.93;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);
  /** The run as users start it (delayed averaging, which trains three epochs in seconds). */
  private static final List<String> DEFAULT_MODE = List.of();
  /**
   * Sync averaging: several times slower, so the run is still going when the test kills a
   * TaskManager, takes a savepoint or restarts the broker (a delayed run can end while the
   * stop-with-savepoint is on its way: "Checkpoint was declined (task is closing)").
   */
  private static final List<String> SLOW_MODE = List.of("--mode", "sync");

  @TempDir static Path clusterDir;
  private static FlinkCluster cluster;
  private static String jarId;

  @BeforeAll
  static void startClusterAndProduce(KafkaBootstrap kafka) throws Exception {
    produce(kafka.servers());
    cluster = FlinkCluster.start(ClusterSettings.of(clusterDir, freePortPair(), 2));
    jarId = cluster.rest().uploadJar(Path.of(System.getProperty("streamnet.job.jar")));
  }

  @AfterAll
  static void stopCluster() {
    FlinkCluster.stop(clusterDir);
  }

  @Test
  @Order(1)
  @Timeout(300)
  void trainsAcrossTwoTaskManagersThroughTheCli(KafkaBootstrap kafka, @TempDir Path run) {
    int exit = StreamnetCli.commandLine().execute(concat(List.of("train", "--cluster",
            "--jobmanager", ClusterSettings.HOST + ":" + cluster.settings().restPort(),
            "--job-jar", System.getProperty("streamnet.job.jar")),
        jobFlags(kafka.servers(), 2, run, DEFAULT_MODE)).toArray(String[]::new));

    assertThat(exit).isZero();
    List<JsonNode> lines = MetricsLines.read(run);
    assertThat(epochs(lines)).containsExactlyElementsOf(ALL_EPOCHS);
    assertThat(lines.get(0).get("parallelism").asInt()).isEqualTo(2);
    assertThat(finalAccuracy(lines)).isGreaterThanOrEqualTo(DELAYED_ACCURACY_BAND);
  }

  @Test
  @Order(2)
  @Timeout(300)
  void aKilledTaskManagerIsReplacedAndTheJobRestoresItsCheckpoint(KafkaBootstrap kafka, @TempDir Path run) {
    FlinkRest rest = cluster.rest();
    String job = submit(kafka.servers(), 2, run, Optional.empty(), SLOW_MODE);
    awaitCheckpointAfterEpoch(rest, job, run);

    ProcessHandle victim = FlinkCluster.running(clusterDir).get("taskmanager-2");
    victim.destroyForcibly();
    assertThat(StreamnetCli.commandLine().execute("cluster", "add-taskmanager", "--dir", clusterDir.toString()))
        .as("cluster add-taskmanager").isZero();
    assertThat(FlinkCluster.running(clusterDir)).as("the JVMs after the replacement")
        .containsOnlyKeys(FlinkCluster.JOB_MANAGER, "taskmanager-1", "taskmanager-3");

    assertThat(awaitEnd(rest, job)).isEqualTo("FINISHED");
    JsonNode checkpoints = rest.get("/jobs/" + job + "/checkpoints");
    assertThat(checkpoints.path("counts").path("restored").asInt()).as("restores in %s", checkpoints).isPositive();
    List<JsonNode> lines = MetricsLines.read(run);
    // An epoch line written after the restored checkpoint is written again; the later one counts.
    assertThat(epochs(lines)).as("no epoch lost, none out of order").isSorted()
        .containsOnlyElementsOf(ALL_EPOCHS).containsAll(ALL_EPOCHS);
    Collection<JsonNode> epochLines = lines.stream().filter(line -> !line.path("final").asBoolean())
        .collect(Collectors.toMap(line -> line.get("epoch").asInt(), line -> line, (earlier, later) -> later))
        .values();
    assertThat(epochLines).extracting(line -> line.get("eta").asDouble()).as("η carried over").containsOnly(0.5);
    assertThat(lines.get(lines.size() - 1).get("best_epoch").asInt()).as("the best epoch tracked across the restore")
        .isEqualTo(epochLines.stream().max(Comparator.comparingDouble(line -> line.get("validation_accuracy").asDouble()))
            .orElseThrow().get("epoch").asInt());
    // A restore drops the averager's open round and each worker's unsent work: at most 2·P·k·m examples.
    long examples = lines.get(lines.size() - 2).get("examples").asLong();
    System.out.printf("FlinkClusterIT: examples averaged after the TaskManager loss: %d of %d%n", examples, EPOCHS * 50_000L);
    assertThat(examples).isBetween(EPOCHS * 50_000L - 2 * 2 * 10 * 10, EPOCHS * 50_000L);
    // Which worker gets which example depends on timing, so two undisturbed runs already differ by
    // up to half a point after three epochs: the restored run is held to the same band as they are.
    assertThat(finalAccuracy(lines)).isGreaterThanOrEqualTo(SYNC_ACCURACY_BAND);
  }

  @Test
  @Order(3)
  @Timeout(300)
  void stopsWithASavepointAndResumesAtParallelismOne(KafkaBootstrap kafka, @TempDir Path run) {
    FlinkRest rest = cluster.rest();
    String first = submit(kafka.servers(), 2, run, Optional.empty(), SLOW_MODE);
    await("epoch 1 in the metrics", () -> !epochs(MetricsLines.read(run)).isEmpty());
    String savepoint = rest.stopWithSavepoint(first, Optional.empty(), Duration.ofMinutes(1));
    assertThat(savepoint).contains(clusterDir.resolve("savepoints").toString());
    assertThat(awaitEnd(rest, first)).isEqualTo("FINISHED");

    String resumed = submit(kafka.servers(), 1, run, Optional.of(savepoint), SLOW_MODE);

    assertThat(awaitEnd(rest, resumed)).isEqualTo("FINISHED");
    List<JsonNode> lines = MetricsLines.read(run);
    assertThat(epochs(lines)).containsExactlyElementsOf(ALL_EPOCHS);
    assertThat(lines.get(lines.size() - 2).get("parallelism").asInt()).isEqualTo(1);
    assertThat(finalAccuracy(lines)).isGreaterThanOrEqualTo(SYNC_ACCURACY_BAND);
  }

  @Test
  @Order(4)
  @Timeout(360)
  void ridesOutABrokerRestart(@TempDir Path brokerDir, @TempDir Path run) throws Exception {
    BrokerSettings settings = BrokerSettings.onFreePorts(brokerDir);
    KafkaBroker broker = KafkaBroker.start(settings);
    try {
      produce(settings.bootstrapServers());
      FlinkRest rest = cluster.rest();
      String job = submit(settings.bootstrapServers(), 2, run, Optional.empty(), SLOW_MODE);
      await("epoch 1 in the metrics", () -> !epochs(MetricsLines.read(run)).isEmpty());
      long firstPid = broker.pid();
      broker.close();
      broker = restart(settings);
      assertThat(broker.pid()).isNotEqualTo(firstPid);

      assertThat(awaitEnd(rest, job)).isEqualTo("FINISHED");
      List<JsonNode> lines = MetricsLines.read(run);
      assertThat(epochs(lines)).endsWith(EPOCHS);
      assertThat(finalAccuracy(lines)).isGreaterThanOrEqualTo(SYNC_ACCURACY_BAND);
    } finally {
      broker.close();
    }
  }

  /** Starts the broker again on its folder and ports, once the old one released them. */
  private static KafkaBroker restart(BrokerSettings settings) {
    Instant deadline = Instant.now().plusSeconds(30);
    while (true) {
      try {
        return KafkaBroker.start(settings);
      } catch (IllegalStateException portNotYetFree) {
        if (Instant.now().isAfter(deadline)) {
          throw portNotYetFree;
        }
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private static void produce(String bootstrap) throws Exception {
    Path mnist = MnistFetcher.ensure(MnistData.defaultDir());
    int exit = StreamnetCli.commandLine().execute("produce", "--bootstrap", bootstrap,
        "--topic-prefix", PREFIX, "--epochs", String.valueOf(EPOCHS), "--data", mnist.toString());
    assertThat(exit).isZero();
  }

  /** The flags of ./streamnet train for these tests, then the averaging mode's. */
  private static List<String> jobFlags(String bootstrap, int parallelism, Path run, List<String> mode) {
    return concat(List.of("--bootstrap", bootstrap, "--topic-prefix", PREFIX, "--epochs", String.valueOf(EPOCHS),
        "--sizes", "784,30,10", "--parallelism", String.valueOf(parallelism), "--checkpoint-interval", "2",
        "--run-dir", run.toString()), mode);
  }

  private static String submit(
      String bootstrap, int parallelism, Path run, Optional<String> savepoint, List<String> mode) {
    return cluster.rest().run(jarId, ENTRY_CLASS, jobFlags(bootstrap, parallelism, run, mode), savepoint);
  }

  /** Waits until epoch 1 is in the metrics and a checkpoint taken after it completed. */
  private static void awaitCheckpointAfterEpoch(FlinkRest rest, String job, Path run) {
    await("epoch 1 in the metrics", () -> !epochs(MetricsLines.read(run)).isEmpty());
    long epochSeen = System.currentTimeMillis();
    await("a checkpoint after epoch 1", () -> rest.get("/jobs/" + job + "/checkpoints")
        .path("latest").path("completed").path("trigger_timestamp").asLong() > epochSeen);
  }

  private static String awaitEnd(FlinkRest rest, String job) {
    await("job " + job + " to end", () -> List.of("FINISHED", "FAILED", "CANCELED").contains(rest.jobState(job)));
    return rest.jobState(job);
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(JOB_TIMEOUT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waiting for " + what).isBefore(deadline);
      sleep(Duration.ofMillis(500));
    }
  }

  private static List<Integer> epochs(List<JsonNode> lines) {
    return lines.stream().filter(line -> !line.path("final").asBoolean()).map(line -> line.get("epoch").asInt()).toList();
  }

  private static double finalAccuracy(List<JsonNode> lines) {
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("final").asBoolean()).as("the final line").isTrue();
    double accuracy = last.get("test_accuracy").asDouble();
    System.out.printf("FlinkClusterIT: final test accuracy %.4f%n", accuracy);
    return accuracy;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /** A free port whose next port is free too (REST and RPC port of the JobManager). */
  private static int freePortPair() {
    while (true) {
      try (ServerSocket rest = new ServerSocket(0, 1, InetAddress.getByName(ClusterSettings.HOST));
          ServerSocket rpc = new ServerSocket(rest.getLocalPort() + 1, 1, InetAddress.getByName(ClusterSettings.HOST))) {
        return rest.getLocalPort();
      } catch (IOException nextPortTaken) {
        // try another pair
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
