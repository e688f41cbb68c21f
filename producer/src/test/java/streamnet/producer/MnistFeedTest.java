package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import streamnet.network.data.Dataset;
import streamnet.network.data.Expansion;
import streamnet.network.data.MnistData;
import streamnet.kafka.TopicSettings;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

class MnistFeedTest {

  private static final TopicSettings TOPICS = TopicSettings.defaults().withPrefix("t-");

  /** A data set whose image i has one lit pixel at (14, 14) of value (10 * first + i) / 255 and label i % 10. */
  private static Dataset dataset(int first, int size) {
    float[][] images = new float[size][Example.PIXELS];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      images[i][14 * 28 + 14] = (10 * first + i) / 255f;
      labels[i] = i % 10;
    }
    return new Dataset(images, labels, 10);
  }

  private static List<Example> stream(MnistFeed feed, MockProducer<byte[], byte[]> producer) throws Exception {
    try (ExampleSender sender = new ExampleSender(producer, TOPICS, 0)) {
      StreamRun run = new StreamRun(sender, new ProgressBar(new PrintStream(new ByteArrayOutputStream()), feed.total(), false));
      feed.stream(run);
      assertThat(run.finish("done").acknowledged()).isEqualTo(producer.history().size());
    }
    return producer.history().stream().map(ProducerRecord::value).map(ExampleCodec::decode).toList();
  }

  @Test
  void sendsValidationAndTestOnceThenShuffledEpochsToTheirTopics() throws Exception {
    MnistData data = new MnistData(dataset(0, 6), dataset(1, 3), dataset(2, 2));
    MnistFeed feed = new MnistFeed(data, new FeedSettings(2, 5, false, Optional.empty()));
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<Example> sent = stream(feed, producer);

    assertThat(feed.total()).isEqualTo(3 + 2 + 2 * 6).isEqualTo(sent.size());
    assertThat(producer.history().subList(0, 5)).extracting(ProducerRecord::topic)
        .containsExactly("t-validation", "t-validation", "t-validation", "t-test", "t-test");
    assertThat(sent.subList(0, 5)).extracting(Example::id).containsExactly(0, 1, 2, 0, 1);
    assertThat(sent.subList(0, 5)).extracting(Example::epoch).containsOnly(0);
    List<Integer> epochOne = sent.subList(5, 11).stream().map(Example::id).toList();
    List<Integer> epochTwo = sent.subList(11, 17).stream().map(Example::id).toList();
    assertThat(epochOne).containsExactly(java.util.Arrays.stream(TrainingOrder.of(6, 5, 1)).boxed().toArray(Integer[]::new));
    assertThat(epochTwo).containsExactly(java.util.Arrays.stream(TrainingOrder.of(6, 5, 2)).boxed().toArray(Integer[]::new));
    assertThat(sent.subList(11, 17)).extracting(Example::epoch).containsOnly(2);
    assertThat(sent.subList(5, 17)).allSatisfy(example -> {
      assertThat(example.split()).isEqualTo(Split.TRAINING);
      assertThat(example.label()).isEqualTo(example.id() % 10);
      assertThat(example.pixels()[14 * 28 + 14] & 0xFF).isEqualTo(example.id());
    });
  }

  @Test
  void expansionFollowsEachImageWithItsShiftsUnderTheSameIdAndLabel() throws Exception {
    MnistData data = new MnistData(dataset(0, 2), dataset(1, 1), dataset(2, 1));
    Expansion shifts = Expansion.of(EnumSet.of(Expansion.Kind.SHIFTS), 0);
    MnistFeed feed = new MnistFeed(data, new FeedSettings(1, 5, false, Optional.of(shifts)));
    List<Example> sent = stream(feed, new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));

    assertThat(feed.total()).isEqualTo(1 + 1 + 2 * 5).isEqualTo(sent.size());
    List<Example> firstImage = sent.subList(2, 7);
    assertThat(firstImage).extracting(Example::id).containsOnly(firstImage.get(0).id());
    assertThat(firstImage).extracting(Example::label).containsOnly(firstImage.get(0).label());
    int lit = 14 * 28 + 14;
    assertThat(firstImage.get(0).pixels()[lit]).isEqualTo((byte) firstImage.get(0).id());
    assertThat(firstImage.subList(1, 5)).allSatisfy(variant -> assertThat(variant.pixels()[lit]).isZero());
  }

  // Catches: the drift starting one example early or late, the count restarting every epoch
  // (the drift would begin in each epoch or never in a later one), validation or test transformed.
  @Test
  void driftTransformsEveryTrainingExampleFromTheNthOnAcrossEpochs() throws Exception {
    MnistData data = new MnistData(dataset(0, 6), dataset(1, 3), dataset(2, 2));
    Drift drift = new Drift(8, Drift.Kind.INVERT, 3);
    MnistFeed feed = new MnistFeed(data, new FeedSettings(3, 5, false, Optional.empty(), Optional.of(drift)));
    List<Example> sent = stream(feed, new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
    MnistFeed plainFeed = new MnistFeed(data, new FeedSettings(3, 5, false, Optional.empty()));
    List<Example> plain = stream(plainFeed, new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));

    assertThat(sent).hasSameSizeAs(plain);
    assertThat(sent.subList(0, 5)).isEqualTo(plain.subList(0, 5));
    List<Example> training = sent.subList(5, sent.size());
    List<Example> original = plain.subList(5, plain.size());
    assertThat(training.subList(0, 8)).isEqualTo(original.subList(0, 8));
    for (int i = 8; i < training.size(); i++) {
      assertThat(training.get(i)).as("training example %d", i).isEqualTo(drift.transform(original.get(i)));
      assertThat(training.get(i)).as("training example %d", i).isNotEqualTo(original.get(i));
    }
  }
}
