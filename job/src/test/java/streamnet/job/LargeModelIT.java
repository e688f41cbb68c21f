package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/**
 * A network whose model is over Kafka's default record limit, [784,400,10] with momentum (318,010
 * parameters and as much velocity, 2.5 MB a version), trains through a model topic that a smaller
 * run left at max.message.bytes = 1 MiB: its versions travel in chunks, no record is over the chunk
 * bound, and the run (sync, so every round's version goes through the topic) finishes above chance
 * on generated examples.
 */
@ExtendWith(SharedKafkaExtension.class)
class LargeModelIT {
  private static final String PREFIX = "large-";
  private static final int EPOCH_SIZE = 3_000;
  private static final int REFERENCE_SIZE = 200;
  /** Rounds of 2 workers × 10 mini-batches × 10 examples in two epochs. */
  private static final int ROUNDS = 2 * EPOCH_SIZE / (2 * 10 * 10);
  /** Ten classes: chance is 0.1; generated examples are easy, two small epochs reach far above it. */
  private static final double ABOVE_CHANCE = 0.5;

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void aModelOver1MiBTrainsThroughAModelTopicLeftAt1MiB(KafkaBootstrap kafka, @TempDir Path run) throws Exception {
    long started = System.nanoTime();
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    String modelTopic = PREFIX + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, TopicSettings.defaults().withPrefix(PREFIX), clients.timeout());
      // As a run of a small network would have left it, and as managed Kafka caps it.
      admin.createTopics(List.of(new NewTopic(modelTopic, 1, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(1 << 20)))))
          .all().get(30, TimeUnit.SECONDS);
    }
    produce(clients);

    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse(
            "--sizes", "784,400,10", "--momentum", "0.5", "--eta", "0.5", "--mode", "sync", "--parallelism", "2",
            "--average-every", "10", "--mini-batch", "10", "--epochs", "2", "--epoch-size", String.valueOf(EPOCH_SIZE),
            "--checkpoint-interval", "5", "--bootstrap", kafka.servers(), "--topic-prefix", PREFIX,
            "--run-dir", run.toString()),
        new Configuration());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    String runId = new TrainingJobFactory(setup).assemble(env);
    env.execute("streamnet large model IT");

    List<JsonNode> lines = MetricsLines.read(run);
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("final").asBoolean()).as("the run finished: %s", lines).isTrue();
    double accuracy = last.get("test_accuracy").asDouble();
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(kafka, modelTopic,
        (int) TopicContents.size(kafka, modelTopic, Duration.ofSeconds(30)), Duration.ofSeconds(60));
    int largest = records.stream().mapToInt(record -> record.value().length).max().orElseThrow();
    ModelReassembler reassembler = new ModelReassembler(runId);
    long versions = records.stream().filter(record -> reassembler.accept(ModelUpdateCodec.decode(record.value())).isPresent())
        .count();
    long bytesLeft = bytesOnTheBroker(clients, new TopicPartition(modelTopic, 0));
    System.out.printf("LargeModelIT: test accuracy %.4f, %d versions in %d records, largest record %d bytes,"
            + " model topic holds %d bytes, %.1f s%n",
        accuracy, versions, records.size(), largest, bytesLeft, (System.nanoTime() - started) / 1e9);

    assertThat(accuracy).isGreaterThan(ABOVE_CHANCE);
    assertThat(largest).isLessThanOrEqualTo(KafkaEndpoints.MAX_MODEL_RECORD_BYTES);
    // Sync workers wait for every round's average: each round's version went through the topic.
    assertThat(versions).as("whole versions on the topic: the first, then one per round (the last one stops)")
        .isGreaterThanOrEqualTo(ROUNDS + 1);
    assertThat(records.size()).as("each 2.5 MB version in five chunks").isGreaterThanOrEqualTo((int) versions * 5);
  }

  /** The size of the partition's log on the broker (all its segments). */
  private static long bytesOnTheBroker(KafkaClients clients, TopicPartition partition) throws Exception {
    try (Admin admin = clients.admin()) {
      Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
      long bytes = 0;
      for (var byBroker : admin.describeLogDirs(nodes.stream().map(Node::id).toList()).allDescriptions()
          .get(30, TimeUnit.SECONDS).values()) {
        for (var logDir : byBroker.values()) {
          ReplicaInfo replica = logDir.replicaInfos().get(partition);
          bytes += replica == null ? 0 : replica.size();
        }
      }
      return bytes;
    }
  }

  /** Validation and test sets, then two epochs of generated training examples over the topic's partitions. */
  private static void produce(KafkaClients clients) throws Exception {
    int partitions = TopicSettings.defaults().partitions();
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      for (Example example : Examples.random(REFERENCE_SIZE, Split.VALIDATION, 1)) {
        producer.send(new ProducerRecord<>(PREFIX + "validation", 0, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
      }
      for (Example example : Examples.random(REFERENCE_SIZE, Split.TEST, 2)) {
        producer.send(new ProducerRecord<>(PREFIX + "test", 0, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
      }
      List<Example> one = Examples.random(EPOCH_SIZE, Split.TRAINING, 3);
      int i = 0;
      for (int epoch = 1; epoch <= 2; epoch++) {
        for (Example e : one) {
          Example example = new Example(e.id(), e.split(), epoch, e.label(), e.pixels());
          producer.send(new ProducerRecord<>(PREFIX + "train", i++ % partitions, ExampleCodec.encodeKey(example),
              ExampleCodec.encode(example)));
        }
      }
      producer.flush();
    }
  }
}
