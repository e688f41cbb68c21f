package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.producer.ExampleSender;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * Prequential accuracy and drift detection of the training job on a MiniCluster (P = 2) against
 * the real broker over real MNIST, one pass over the training images (each example is seen once,
 * so predicting it before training on it is a fair test): in a live run the last window's
 * prequential accuracy is within a few points of its validation accuracy, and a stream whose labels are permuted after
 * {@value #DRIFT_AFTER} examples is detected within {@value #DETECTION_BOUND} examples.
 */
@ExtendWith(SharedKafkaExtension.class)
class PrequentialIT {
  private static final int P = 2;
  private static final int EPOCH_SIZE = 1_000;
  /** Training images streamed, once each: 20 epochs. */
  private static final int STEADY_EXAMPLES = 20_000;
  /** Where the drift run's labels start being permuted (label l becomes l + 1 mod 10). */
  private static final int DRIFT_AFTER = 15_000;
  /**
   * Examples after the change within which the drift is detected, at P = 2, k = 10, m = 10, sync:
   * the detector needs about 70 of the permuted examples (their error is about 0.9, the mean error
   * about 0.15, λ = 50) and the coordinator sees them a round (200 examples) at a time.
   */
  private static final int DETECTION_BOUND = 2_000;
  /**
   * The sliding window of the runs here: the last two epochs, so that at the end it shows the
   * model's recent accuracy (10,000, the default, would reach back to epoch 11 of a model still
   * improving).
   */
  private static final int SLIDING_WINDOW = 2_000;
  /** The last epoch's prequential accuracy is within this of its validation accuracy. */
  private static final double PREQUENTIAL_TOLERANCE = 0.03;

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(P).build());

  private static MnistData data;

  @BeforeAll
  static void loadMnist() throws Exception {
    data = MnistData.load(MnistFetcher.ensure(MnistData.defaultDir()));
  }

  @Test
  void aLiveRunsPrequentialAccuracyApproachesItsValidationAccuracy(KafkaBootstrap kafka, @TempDir Path run)
      throws Exception {
    String prefix = "preq-steady-";
    produce(kafka, prefix, STEADY_EXAMPLES, label -> label);

    List<JsonNode> lines = trainLive(kafka, prefix, STEADY_EXAMPLES / EPOCH_SIZE, run);

    JsonNode last = lines.get(STEADY_EXAMPLES / EPOCH_SIZE - 1);
    System.out.printf("PrequentialIT: epoch %d prequential %.4f (sliding %.4f), validation %.4f, drifts %d%n",
        last.get("epoch").asInt(), last.get("prequential_accuracy").asDouble(),
        last.get("prequential_sliding_accuracy").asDouble(), last.get("validation_accuracy").asDouble(),
        last.get("drifts").asLong());
    assertThat(last.get("examples").asLong()).isEqualTo(STEADY_EXAMPLES);
    assertThat(last.get("prequential_accuracy").asDouble())
        .isCloseTo(last.get("validation_accuracy").asDouble(), org.assertj.core.data.Offset.offset(PREQUENTIAL_TOLERANCE));
    assertThat(last.get("prequential_sliding_accuracy").asDouble())
        .isCloseTo(last.get("validation_accuracy").asDouble(), org.assertj.core.data.Offset.offset(PREQUENTIAL_TOLERANCE));
    assertThat(lines.stream().filter(line -> line.has("drift")).mapToInt(line -> line.get("drift").asInt()).sum())
        .as("a stationary stream has no drift").isZero();
  }

  @Test
  void labelsPermutedAfterNExamplesAreADriftDetectedWithinTheBound(KafkaBootstrap kafka, @TempDir Path run)
      throws Exception {
    String prefix = "preq-drift-";
    produce(kafka, prefix, STEADY_EXAMPLES, label -> (label + 1) % 10);

    List<JsonNode> lines = train(kafka, prefix, STEADY_EXAMPLES, run);

    lines.stream().filter(line -> line.has("epoch")).forEach(line -> System.out.printf(
        "PrequentialIT: epoch %d prequential %.4f drift %d%n", line.get("epoch").asInt(),
        line.get("prequential_accuracy").asDouble(), line.get("drift").asInt()));
    JsonNode detected = lines.stream().filter(line -> line.path("drift").asInt() > 0).findFirst().orElseThrow(
        () -> new AssertionError("no drift detected: " + lines));
    long detectedBy = detected.get("examples").asLong();
    System.out.printf("PrequentialIT: drift after %d examples detected in the epoch ending at %d (%d drifts in all)%n",
        DRIFT_AFTER, detectedBy, lines.get(lines.size() - 2).get("drifts").asLong());
    assertThat(detectedBy).as("no drift before the permuted examples are trained").isGreaterThan(DRIFT_AFTER);
    assertThat(detectedBy).isLessThanOrEqualTo(DRIFT_AFTER + DETECTION_BOUND);
    int firstPermutedEpoch = DRIFT_AFTER / EPOCH_SIZE + 1;
    double before = lines.get(firstPermutedEpoch - 2).get("prequential_accuracy").asDouble();
    double lowest = lines.subList(firstPermutedEpoch - 1, (DRIFT_AFTER + DETECTION_BOUND) / EPOCH_SIZE).stream()
        .mapToDouble(line -> line.get("prequential_accuracy").asDouble()).min().orElseThrow();
    assertThat(lowest).as("the permuted labels cost accuracy in the epochs around the change")
        .isLessThan(before - 0.3);
  }

  /** Validation and test sets, then the first {@code count} training images once, labels through {@code relabel} from DRIFT_AFTER on. */
  private static void produce(KafkaBootstrap kafka, String prefix, int count, IntUnaryOperator relabel)
      throws Exception {
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    TopicSettings defaults = TopicSettings.defaults();
    // One partition: one reader hands the records to both workers in the topic's order, so the
    // examples the coordinator counts are the first of the topic and "after DRIFT_AFTER examples"
    // is exact. Across partitions Kafka has no order: with two, one reader could be thousands of
    // records ahead of the other (runs here trained permuted records from about 10,000 on).
    TopicSettings topics = new TopicSettings(prefix, 1, defaults.replicationFactor(), defaults.retentionMs(),
        defaults.maxMessageBytes());
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, topics, clients.timeout());
    }
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      send(sender, data.validation(), Split.VALIDATION, data.validation().size(), i -> 0, label -> label);
      send(sender, data.test(), Split.TEST, data.test().size(), i -> 0, label -> label);
      send(sender, data.training(), Split.TRAINING, count, i -> i / EPOCH_SIZE + 1, relabel);
      sender.flush();
    }
  }

  private static void send(ExampleSender sender, Dataset set, Split split, int count, IntUnaryOperator epochOf,
      IntUnaryOperator relabel) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      int label = i < DRIFT_AFTER ? set.label(i) : relabel.applyAsInt(set.label(i));
      sender.send(Example.ofImage(i, split, epochOf.applyAsInt(i), label, set.image(i)));
    }
  }

  /** Trains on what {@code prefix} holds, an epoch per {@value #EPOCH_SIZE} examples, and returns the metrics lines. */
  private static List<JsonNode> train(KafkaBootstrap kafka, String prefix, int examples, Path run) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    assemble(env, run, kafka, prefix, "--epochs", String.valueOf(examples / EPOCH_SIZE));
    env.execute("streamnet prequential IT");
    return MetricsLines.read(run);
  }

  /**
   * A live run on what {@code prefix} holds, a window per {@value #EPOCH_SIZE} examples, cancelled
   * once {@code windows} windows are in; returns their metrics lines.
   */
  private static List<JsonNode> trainLive(KafkaBootstrap kafka, String prefix, int windows, Path run)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    assemble(env, run, kafka, prefix, "--live");
    JobClient job = env.executeAsync("streamnet live prequential IT");
    List<JsonNode> lines = MetricsLines.await(run, job, seen -> seen.size() >= windows, Duration.ofMinutes(5));
    job.cancel().get();
    assertThat(lines).noneMatch(line -> line.has("final"));
    return lines;
  }

  private static void assemble(StreamExecutionEnvironment env, Path run, KafkaBootstrap kafka, String prefix,
      String... length) {
    List<String> args = new ArrayList<>(List.of("--mode", "sync", "--epoch-size", String.valueOf(EPOCH_SIZE),
        "--parallelism", String.valueOf(P), "--average-every", "10", "--lambda", "0.1",
        "--prequential-window", String.valueOf(SLIDING_WINDOW), "--bootstrap", kafka.servers(),
        "--topic-prefix", prefix, "--checkpoint-interval", "5", "--run-dir", run.toString()));
    args.addAll(List.of(length));
    new TrainingJobFactory(TrainingJobSetup.of(TrainingJobArguments.parse(args.toArray(String[]::new)),
        new Configuration())).assemble(env);
  }
}
