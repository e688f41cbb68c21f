package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
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
 * run left at max.message.bytes = 1 MiB: its versions travel in chunks, averaged by two shards (so
 * every version is a header and two slices from three writers), no record is over the chunk bound,
 * and the run (sync, so every round's version goes through the topic) finishes above chance on
 * generated examples.
 */
@ExtendWith(SharedKafkaExtension.class)
class LargeModelIT {
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
    Run result = train(kafka, "large-", run);
    System.out.printf("LargeModelIT: test accuracy %.4f, %d versions in %d records, largest record %d bytes,"
            + " model topic holds %d bytes, %.1f s%n", result.accuracy(), result.versions().size(),
        result.records().size(), result.largestRecord(), result.bytesOnTheBroker(), (System.nanoTime() - started) / 1e9);

    assertThat(result.accuracy()).isGreaterThan(ABOVE_CHANCE);
    assertThat(result.largestRecord()).isLessThanOrEqualTo(KafkaEndpoints.MAX_MODEL_RECORD_BYTES);
    // Sync workers wait for every round's average: each round's version went through the topic.
    assertThat(result.versions()).as("whole versions on the topic: the first, then one per round (the last one stops)")
        .hasSizeGreaterThanOrEqualTo(ROUNDS + 1);
    assertThat(result.records().size()).as("each 2.5 MB version in two slices of three chunks, and a header")
        .isGreaterThanOrEqualTo(result.versions().size() * 7);
  }

  /** What a run left: its final accuracy, the model topic's records and the whole versions in them. */
  private record Run(double accuracy, List<ConsumerRecord<byte[], byte[]>> records, List<ModelUpdate> versions,
      int largestRecord, long bytesOnTheBroker) {}

  /**
   * Streams generated examples to the topics of {@code prefix}, creates its model topic at 1 MiB
   * records, trains [784,400,10] with momentum in sync mode for two epochs, and reads back what the
   * run left.
   */
  private static Run train(KafkaBootstrap kafka, String prefix, Path run) throws Exception {
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    String modelTopic = prefix + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, TopicSettings.defaults().withPrefix(prefix), clients.timeout());
      // As a run of a small network would have left it, and as managed Kafka caps it.
      admin.createTopics(List.of(new NewTopic(modelTopic, 1, (short) 1)
          .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(1 << 20)))))
          .all().get(30, TimeUnit.SECONDS);
    }
    produce(clients, prefix);

    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse(
            "--sizes", "784,400,10", "--momentum", "0.5", "--eta", "0.5", "--mode", "sync", "--parallelism", "2",
            "--averagers", "2", "--average-every", "10", "--mini-batch", "10", "--epochs", "2", "--epoch-size", String.valueOf(EPOCH_SIZE),
            "--checkpoint-interval", "1", "--bootstrap", kafka.servers(), "--topic-prefix", prefix,
            "--run-dir", run.toString()),
        new Configuration());
    Configuration conf = new Configuration();
    // Checkpoints go to files: the replicas of a 2.5 MB model are over the JobManager's in-memory limit.
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, run.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    String runId = new TrainingJobFactory(setup).assemble(env);
    env.execute("streamnet large model IT");

    List<JsonNode> lines = MetricsLines.read(run);
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.path("final").asBoolean()).as("the run finished: %s", lines).isTrue();
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(kafka, modelTopic,
        (int) TopicContents.size(kafka, modelTopic, Duration.ofSeconds(30)), Duration.ofSeconds(60));
    ModelReassembler reassembler = new ModelReassembler(runId);
    List<ModelUpdate> versions = records.stream()
        .flatMap(record -> reassembler.accept(ModelUpdateCodec.decode(record.value())).stream())
        .toList();
    int largest = records.stream().mapToInt(record -> record.value().length).max().orElseThrow();
    return new Run(last.get("test_accuracy").asDouble(), records, versions, largest,
        bytesOnTheBroker(clients, new TopicPartition(modelTopic, 0)));
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
  private static void produce(KafkaClients clients, String prefix) throws Exception {
    int partitions = TopicSettings.defaults().partitions();
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      for (Example example : Examples.random(REFERENCE_SIZE, Split.VALIDATION, 1)) {
        producer.send(new ProducerRecord<>(prefix + "validation", 0, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
      }
      for (Example example : Examples.random(REFERENCE_SIZE, Split.TEST, 2)) {
        producer.send(new ProducerRecord<>(prefix + "test", 0, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
      }
      List<Example> one = Examples.random(EPOCH_SIZE, Split.TRAINING, 3);
      int i = 0;
      for (int epoch = 1; epoch <= 2; epoch++) {
        for (Example e : one) {
          Example example = new Example(e.id(), e.split(), epoch, e.label(), e.pixels());
          producer.send(new ProducerRecord<>(prefix + "train", i++ % partitions, ExampleCodec.encodeKey(example),
              ExampleCodec.encode(example)));
        }
      }
      producer.flush();
    }
  }
}
