package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.io.ModelFile;
import streamnet.producer.ExampleSender;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * {@code train --live --initial-model FILE} on a MiniCluster (P = 2) against the real broker: the
 * run starts from the file's parameters, goes on window after window past the point where early
 * stopping ends a bounded run, writes latest.json and best.json, and is cancelled cleanly.
 */
@ExtendWith(SharedKafkaExtension.class)
class LiveRunIT {
  private static final int P = 2;
  private static final String PREFIX = "live-it-";
  private static final int WINDOW = 400;
  private static final int TRAINING_EXAMPLES = 10 * WINDOW;
  /** Windows the test waits for: a bounded run with --early-stopping 1 on this data stops by window 3. */
  private static final int WINDOWS_SEEN = 6;
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 30, 10);

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(P).build());

  @Test
  void aLiveRunFromAModelFileGoesOnPastEarlyStoppingWritesBothModelsAndIsCancelledCleanly(
      KafkaBootstrap kafka, @TempDir Path dir) throws Exception {
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    produce(clients);
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(77));
    Path modelFile = dir.resolve("initial.json");
    ModelFile.write(initial, modelFile);
    Path run = dir.resolve("run");

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse("--live", "--initial-model",
        modelFile.toString(), "--early-stopping", "1", "--epoch-size", String.valueOf(WINDOW), "--parallelism",
        String.valueOf(P), "--average-every", "2", "--bootstrap", kafka.servers(), "--topic-prefix", PREFIX,
        "--checkpoint-interval", "2", "--run-dir", run.toString()), new Configuration());
    String runId = new TrainingJobFactory(setup).assemble(env);
    JobClient job = env.executeAsync("streamnet live IT");
    List<JsonNode> lines = MetricsLines.await(run, job,
        seen -> seen.size() >= WINDOWS_SEEN && Files.exists(run.resolve(Coordinator.LATEST_MODEL)), Duration.ofMinutes(3));
    job.cancel().get();

    assertThat(awaitTerminal(job, Duration.ofSeconds(60))).isEqualTo(JobStatus.CANCELED);
    assertThat(lines).hasSizeGreaterThanOrEqualTo(WINDOWS_SEEN).noneMatch(line -> line.has("final"));
    for (int w = 0; w < lines.size(); w++) {
      assertThat(lines.get(w).get("epoch").asInt()).isEqualTo(w + 1);
      assertThat(lines.get(w).get("examples").asLong()).isEqualTo((long) (w + 1) * WINDOW);
    }
    int boundedStop = windowEarlyStoppingEnds(lines);
    assertThat(lines.size()).as("windows past early stopping's end (window %d)", boundedStop).isGreaterThan(boundedStop);
    assertThat(ModelFile.read(run.resolve(Coordinator.LATEST_MODEL), ARCHITECTURE).isFinite()).isTrue();
    assertThat(ModelFile.read(run.resolve(Coordinator.BEST_MODEL), ARCHITECTURE).isFinite()).isTrue();
    assertThat(run.resolve(Coordinator.FINAL_MODEL)).doesNotExist();
    assertThat(firstVersion(kafka, runId).parameters()).containsExactly(initial.toFlat());
  }

  /**
   * Validation is one blank image labelled 3, 50 times: a model either calls it 3 or not, so the
   * accuracy improves at most twice (from nothing to 0 or 1, then to 1), and patience 1 ends a
   * bounded run by window 3. Test is random; training is 10 windows of learnable digits.
   */
  private static void produce(KafkaClients clients) throws Exception {
    TopicSettings topics = TopicSettings.defaults().withPrefix(PREFIX);
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, topics, clients.timeout());
    }
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      for (int id = 0; id < 50; id++) {
        sender.send(new Example(id, Split.VALIDATION, 0, 3, new byte[Example.PIXELS]));
      }
      for (Example example : Examples.random(50, Split.TEST, 2)) {
        sender.send(example);
      }
      for (Example example : Examples.random(TRAINING_EXAMPLES, Split.TRAINING, 3)) {
        sender.send(example);
      }
      sender.flush();
    }
  }

  private static JobStatus awaitTerminal(JobClient job, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobStatus status = job.getJobStatus().get();
    while (!status.isGloballyTerminalState() && System.nanoTime() < deadline) {
      Thread.sleep(100);
      status = job.getJobStatus().get();
    }
    return status;
  }

  /** The window after which early stopping with patience 1 ends a bounded run: the first that does not improve. */
  private static int windowEarlyStoppingEnds(List<JsonNode> lines) {
    double best = Double.NEGATIVE_INFINITY;
    for (int w = 0; w < lines.size(); w++) {
      double accuracy = lines.get(w).get("validation_accuracy").asDouble();
      if (accuracy <= best) {
        return w + 1;
      }
      best = accuracy;
    }
    throw new AssertionError("every window improved, so early stopping never ended the run: " + lines);
  }

  private static ModelUpdate firstVersion(KafkaBootstrap kafka, String runId) {
    String topic = PREFIX + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    ModelReassembler reassembler = new ModelReassembler(runId);
    return TopicContents.read(kafka, topic, (int) TopicContents.size(kafka, topic, Duration.ofSeconds(30)),
            Duration.ofSeconds(60)).stream()
        .flatMap(record -> reassembler.accept(ModelUpdateCodec.decode(record.value())).stream())
        .filter(update -> update.version() == 0)
        .findFirst().orElseThrow();
  }
}
