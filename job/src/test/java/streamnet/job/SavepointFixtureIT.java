package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/**
 * Savepoints of shipped state formats restore with the current code: each fixture under
 * {@code src/test/resources/savepoints/} is a savepoint the job of that format took in the middle
 * of epoch 2 of a two-epoch run; restored on a broker that holds the same records, the run
 * finishes with every example counted once and, without dropout, prequential counts equal to the
 * training counts (the newest fixture also with {@code --serve}, which adds operators). When an
 * operator's state changes, its serializer gets
 * a version, a new fixture is written beside the old ones (run this class with
 * {@code -Dstreamnet.savepoint.write=DIR}), and every fixture keeps restoring.
 */
@ExtendWith(SharedKafkaExtension.class)
class SavepointFixtureIT {
  private static final String PREFIX = "fixture-";
  private static final int EPOCH_SIZE = 1_000;
  /**
   * The writer holds back every model version after this one, so the run waits there (sync
   * workers wait for the next average) in the middle of epoch 2: 30 rounds of 2 workers × 2
   * mini-batches × 10 examples are 1,200 examples.
   */
  private static final long HELD_AFTER_VERSION = 30;
  private static final int REFERENCE_SIZE = 200;
  private static final String MODEL_OFFSET = "model-topic-end-offset";

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  /** The run every fixture was taken from, and is resumed as. */
  private static String[] arguments(String kafka, Path run) {
    return new String[] {"--sizes", "784,10,10", "--mode", "sync", "--parallelism", "2", "--average-every", "2",
        "--mini-batch", "10", "--momentum", "0.5", "--epochs", "2", "--epoch-size", String.valueOf(EPOCH_SIZE),
        "--seed", "5", "--checkpoint-interval", "1", "--bootstrap", kafka, "--topic-prefix", PREFIX,
        "--run-dir", run.toString()};
  }

  @Test
  void everyShippedSavepointFinishesTheRunWithEveryExampleCounted(KafkaBootstrap kafka, @TempDir Path temp)
      throws Exception {
    List<Path> fixtures;
    try (Stream<Path> folders = Files.list(Path.of("src/test/resources/savepoints"))) {
      fixtures = folders.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(fixtures).isNotEmpty();
    KafkaClients clients = clients(kafka);
    produce(clients, 0, 2 * EPOCH_SIZE);
    for (Path fixture : fixtures) {
      restoreAndFinish(kafka, clients, fixture, temp.resolve(fixture.getFileName().toString()), false);
    }
    Path newest = fixtures.get(fixtures.size() - 1);
    restoreAndFinish(kafka, clients, newest, temp.resolve(newest.getFileName() + "-serve"), true);
  }

  /**
   * Resumes the run from {@code fixture}, as it was or with {@code --serve} (operators the savepoint
   * has no state for: they start empty, without allowNonRestoredState), and checks that it finishes
   * with every example counted once. A serving job never ends by itself: it is cancelled once
   * training has written its final line.
   */
  private static void restoreAndFinish(KafkaBootstrap kafka, KafkaClients clients, Path fixture, Path run,
      boolean serve) throws Exception {
    String[] arguments = arguments(kafka.servers(), run);
    if (serve) {
      arguments = Stream.concat(Stream.of(arguments), Stream.of("--serve")).toArray(String[]::new);
    }
    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse(arguments), new Configuration());
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepointIn(fixture).toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    new TrainingJobFactory(setup).assemble(env);
    fillModelTopicTo(clients, Long.parseLong(properties(fixture).getProperty(MODEL_OFFSET)));
    JobClient job = env.executeAsync("streamnet savepoint fixture " + fixture.getFileName() + (serve ? " --serve" : ""));
    if (serve) {
      try {
        awaitLines(run, 2, Duration.ofMinutes(5));
      } finally {
        job.cancel().get();
      }
    } else {
      job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }
    List<JsonNode> lines = MetricsLines.read(run);

    JsonNode lastEpoch = lines.get(lines.size() - 2);
    assertThat(lines).as("epoch 2 and the final line; epoch 1 was written before the savepoint").hasSize(2);
    assertThat(lastEpoch.get("epoch").asInt()).as(fixture.toString()).isEqualTo(2);
    assertThat(lastEpoch.get("examples").asLong()).as("every example counted once, " + fixture)
        .isEqualTo(2L * EPOCH_SIZE);
    assertThat(lastEpoch.get("prequential_accuracy").asDouble())
        .as("without dropout the prequential counts are the training counts, none lost or counted twice, " + fixture)
        .isEqualTo(lastEpoch.get("training_accuracy").asDouble());
    assertThat(lines.get(lines.size() - 1).path("final").asBoolean()).isTrue();
    assertThat(lines.get(lines.size() - 1).get("test_accuracy").asDouble()).as(lines.toString()).isGreaterThan(0.5);
  }

  /**
   * Writes a new fixture into the folder the system property names: streams both epochs, runs the
   * job with its model reader holding back the versions after {@value #HELD_AFTER_VERSION}, waits
   * until epoch 1 is evaluated and the run has come to rest in epoch 2 (sync workers waiting,
   * examples buffered), and stops it with a savepoint.
   */
  @Test
  @EnabledIfSystemProperty(named = "streamnet.savepoint.write", matches = ".+")
  void writeFixture(KafkaBootstrap kafka, @TempDir Path temp) throws Exception {
    Path fixture = Path.of(System.getProperty("streamnet.savepoint.write")).toAbsolutePath();
    KafkaClients clients = clients(kafka);
    produce(clients, 0, 2 * EPOCH_SIZE);
    Path run = temp.resolve("run");
    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse(arguments(kafka.servers(), run)),
        new Configuration());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new TrainingJobFactory(setup).withModelReader(HoldBack::new).assemble(env);
    JobClient job = env.executeAsync("streamnet savepoint fixture writer");
    awaitLines(run, 1, Duration.ofMinutes(2));
    Thread.sleep(5_000); // the run comes to rest: what was read is in the workers' state
    String savepoint = job.stopWithSavepoint(false, fixture.resolve("savepoint").toUri().toString(),
        SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
    Properties properties = new Properties();
    properties.setProperty(MODEL_OFFSET, String.valueOf(endOffset(clients, PREFIX + KafkaEndpoints.MODEL_TOPIC_SUFFIX)));
    try (OutputStream out = Files.newOutputStream(fixture.resolve("fixture.properties"))) {
      properties.store(out, "written with " + savepoint);
    }
  }

  /** Reads the model topic but drops the versions after {@value #HELD_AFTER_VERSION}. */
  static final class HoldBack implements KafkaRecordDeserializationSchema<ModelUpdate> {
    private final KafkaRecordDeserializationSchema<ModelUpdate> updates;

    HoldBack(KafkaRecordDeserializationSchema<ModelUpdate> updates) {
      this.updates = updates;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) throws IOException {
      updates.deserialize(record, new Collector<>() {
        @Override
        public void collect(ModelUpdate update) {
          if (update.version() <= HELD_AFTER_VERSION) {
            out.collect(update);
          }
        }

        @Override
        public void close() {}
      });
    }

    @Override
    public TypeInformation<ModelUpdate> getProducedType() {
      return updates.getProducedType();
    }
  }

  private static KafkaClients clients(KafkaBootstrap kafka) {
    return new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
  }

  /**
   * The fixture's records, the same on every broker: validation and test sets, then training
   * examples {@code from} to {@code to} of two epochs, each to a fixed partition.
   */
  private static void produce(KafkaClients clients, int from, int to) throws Exception {
    TopicSettings topics = TopicSettings.defaults().withPrefix(PREFIX);
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, topics, clients.timeout());
    }
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      send(producer, PREFIX + "validation", Examples.random(REFERENCE_SIZE, Split.VALIDATION, 1), 0);
      send(producer, PREFIX + "test", Examples.random(REFERENCE_SIZE, Split.TEST, 2), 0);
      List<Example> training = trainingExamples();
      for (int i = from; i < to; i++) {
        Example example = training.get(i);
        producer.send(new ProducerRecord<>(PREFIX + "train", i % topics.partitions(), ExampleCodec.encodeKey(example),
            ExampleCodec.encode(example))).get();
      }
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, List<Example> examples, int partition)
      throws Exception {
    for (Example example : examples) {
      producer.send(new ProducerRecord<>(topic, partition, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)))
          .get();
    }
  }

  /** Two epochs of the same generated examples, tagged with their epoch. */
  private static List<Example> trainingExamples() {
    List<Example> one = Examples.random(EPOCH_SIZE, Split.TRAINING, 3);
    return Stream.of(1, 2)
        .flatMap(epoch -> one.stream().map(e -> new Example(e.id(), e.split(), epoch, e.label(), e.pixels())))
        .toList();
  }

  /** Puts records of another run into the model topic until it is as long as when the savepoint was taken. */
  private static void fillModelTopicTo(KafkaClients clients, long offset) throws Exception {
    String topic = PREFIX + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    ModelHeader filler = new ModelHeader("filler", 0, 0, 1, 0, 0, 0, false);
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      for (long o = endOffset(clients, topic); o < offset; o++) {
        producer.send(new ProducerRecord<>(topic, 0, filler.runId().getBytes(), ModelUpdateCodec.encode(ModelChunker.split(filler, ModelChunker.CHUNK_PAYLOAD_BYTES).get(0)))).get();
      }
    }
  }

  private static long endOffset(KafkaClients clients, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
      TopicPartition partition = new TopicPartition(topic, 0);
      return consumer.endOffsets(List.of(partition)).get(partition);
    }
  }

  private static Path savepointIn(Path fixture) throws IOException {
    try (Stream<Path> files = Files.walk(fixture.resolve("savepoint"))) {
      return files.filter(file -> file.getFileName().toString().equals("_metadata")).findFirst().orElseThrow()
          .getParent().toAbsolutePath();
    }
  }

  private static Properties properties(Path fixture) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(fixture.resolve("fixture.properties"))) {
      properties.load(in);
    }
    return properties;
  }

  private static void awaitLines(Path run, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (MetricsLines.read(run).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fewer than " + count + " metrics lines in " + run);
      }
      Thread.sleep(200);
    }
  }
}
