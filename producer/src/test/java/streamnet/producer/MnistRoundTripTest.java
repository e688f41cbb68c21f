package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;

/**
 * All 70,000 MNIST examples through the real broker and back, compared byte for byte with the
 * original IDX files, for two shuffled training epochs.
 */
@ExtendWith(SharedKafkaExtension.class)
class MnistRoundTripTest {

  private static final int EPOCHS = 2;
  private static final long SEED = 7;
  private static final int TRAINING = 50_000;
  private static final int HEAD = 16;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private static byte[] trainImages;
  private static byte[] trainLabels;
  private static byte[] testImages;
  private static byte[] testLabels;
  private static TopicSettings topics;
  private static SendCounts counts;

  @BeforeAll
  static void streamAllOfMnist(KafkaBootstrap kafka) throws Exception {
    Path mnistDir = MnistFetcher.ensure(Path.of(System.getProperty("streamnet.mnist.dir", MnistData.defaultDir().toString())));
    trainImages = Files.readAllBytes(mnistDir.resolve(MnistData.TRAIN_IMAGES));
    trainLabels = Files.readAllBytes(mnistDir.resolve(MnistData.TRAIN_LABELS));
    testImages = Files.readAllBytes(mnistDir.resolve(MnistData.TEST_IMAGES));
    testLabels = Files.readAllBytes(mnistDir.resolve(MnistData.TEST_LABELS));

    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), Duration.ofSeconds(30));
    topics = TopicSettings.defaults().withPrefix("roundtrip-");
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, topics, clients.timeout());
    }
    MnistFeed feed = new MnistFeed(MnistData.load(mnistDir), new FeedSettings(EPOCHS, SEED, false, Optional.empty()));
    assertThat(feed.total()).isEqualTo(120_000);
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      StreamRun run = new StreamRun(sender, new ProgressBar(new PrintStream(new ByteArrayOutputStream()), feed.total(), false));
      feed.stream(run);
      counts = run.finish("done");
    }
  }

  /** The original bytes of image {@code index} of an IDX image file. */
  private static byte[] idxImage(byte[] file, int index) {
    return Arrays.copyOfRange(file, HEAD + index * Example.PIXELS, HEAD + (index + 1) * Example.PIXELS);
  }

  /** The original label {@code index} of an IDX label file. */
  private static int idxLabel(byte[] file, int index) {
    return file[8 + index];
  }

  private static List<Example> read(KafkaBootstrap kafka, Split split, int count) {
    assertThat(TopicContents.size(kafka, topics.topic(split), READ_TIMEOUT)).as("records in %s", topics.topic(split)).isEqualTo(count);
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(kafka, topics.topic(split), count, READ_TIMEOUT);
    assertThat(records).hasSize(count);
    records.forEach(record -> assertThat(record.key()).isEqualTo(ExampleCodec.encodeKey(ExampleCodec.decode(record.value()))));
    return records.stream().map(record -> ExampleCodec.decode(record.value())).toList();
  }

  @Test
  void everyRecordWasAcknowledged() {
    assertThat(counts).isEqualTo(new SendCounts(120_000, 120_000, 0));
  }

  @Test
  void validationAndTestSetsArriveOnceByteExact(KafkaBootstrap kafka) {
    List<Example> validation = read(kafka, Split.VALIDATION, 10_000);
    List<Example> test = read(kafka, Split.TEST, 10_000);
    assertThat(validation).extracting(Example::id).doesNotHaveDuplicates();
    assertThat(test).extracting(Example::id).doesNotHaveDuplicates();
    for (Example example : validation) {
      int original = TRAINING + example.id();
      assertThat(example).isEqualTo(new Example(example.id(), Split.VALIDATION, 0, idxLabel(trainLabels, original), idxImage(trainImages, original)));
    }
    for (Example example : test) {
      assertThat(example).isEqualTo(new Example(example.id(), Split.TEST, 0, idxLabel(testLabels, example.id()), idxImage(testImages, example.id())));
    }
  }

  @Test
  void trainingEpochsArriveByteExactInTheDocumentedShuffle(KafkaBootstrap kafka) {
    assertThat(TopicContents.size(kafka, topics.topic(Split.TRAINING), READ_TIMEOUT)).isEqualTo(EPOCHS * TRAINING);
    List<ConsumerRecord<byte[], byte[]>> records = TopicContents.read(kafka, topics.topic(Split.TRAINING), EPOCHS * TRAINING, READ_TIMEOUT);
    assertThat(records).hasSize(EPOCHS * TRAINING);

    Map<Integer, List<Integer>> sequencePerPartition = new HashMap<>();
    Map<Integer, Integer> partitionOfId = new HashMap<>();
    int[] perEpoch = new int[EPOCHS + 1];
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Example example = ExampleCodec.decode(record.value());
      assertThat(example.label()).isEqualTo(idxLabel(trainLabels, example.id()));
      assertThat(example.pixels()).isEqualTo(idxImage(trainImages, example.id()));
      perEpoch[example.epoch()]++;
      partitionOfId.put(example.id(), record.partition());
      sequencePerPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(example.epoch() * TRAINING + example.id());
    }
    assertThat(perEpoch).containsExactly(0, TRAINING, TRAINING);
    assertThat(partitionOfId).hasSize(TRAINING);

    Map<Integer, List<Integer>> expected = new HashMap<>();
    for (int epoch = 1; epoch <= EPOCHS; epoch++) {
      for (int id : TrainingOrder.of(TRAINING, SEED, epoch)) {
        expected.computeIfAbsent(partitionOfId.get(id), p -> new ArrayList<>()).add(epoch * TRAINING + id);
      }
    }
    assertThat(sequencePerPartition).isEqualTo(expected);
    assertThat(TrainingOrder.of(TRAINING, SEED, 1)).isNotEqualTo(TrainingOrder.of(TRAINING, SEED, 2));
  }
}
