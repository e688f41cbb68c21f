package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import streamnet.kafka.TopicSettings;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

class ExampleSenderTest {

  private static Example example(int id) {
    return new Example(id, Split.TRAINING, 1, 3, new byte[Example.PIXELS]);
  }

  @Test
  void aRefusedExampleIsCountedReportedAndStopsFurtherSends() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 0)) {
      sender.send(example(0));
      sender.send(example(1));
      producer.completeNext();
      producer.errorNext(new RecordTooLargeException("too large"));

      assertThat(sender.counts()).isEqualTo(new SendCounts(2, 1, 1));
      assertThatThrownBy(() -> sender.send(example(2))).isInstanceOf(SendFailedException.class).hasMessageContaining("too large");
      assertThatThrownBy(sender::flush).isInstanceOf(SendFailedException.class);
      assertThat(producer.history()).hasSize(2);
    }
  }

  @Test
  void unconfirmedSendsAreCountedUntilAcknowledged() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 0)) {
      sender.send(example(0));
      assertThat(sender.counts().unconfirmed()).isEqualTo(1);
      assertThat(sender.counts().describe()).isEqualTo("1 examples sent, 0 acknowledged by Kafka, 0 failed, 1 unconfirmed");
      producer.completeNext();
      assertThat(sender.counts()).isEqualTo(new SendCounts(1, 1, 0));
    }
  }

  @Test
  void theRateLimitsExamplesPerSecond() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    long start = System.nanoTime();
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 200)) {
      for (int id = 0; id <= 100; id++) {
        sender.send(example(id));
      }
    }
    assertThat((System.nanoTime() - start) / 1e9).isBetween(0.45, 2.0);
  }

  private static Example example(int id, Split split, int epoch) {
    return new Example(id, split, epoch, id % 10, new byte[Example.PIXELS]);
  }

  @Test
  void batchesFillToTheLimitAndEndWhereTheSplitOrEpochChanges() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<Example> examples = new ArrayList<>();
    for (int id = 0; id < 7; id++) {
      examples.add(example(id, Split.TRAINING, 1));
    }
    examples.add(example(7, Split.TRAINING, 2));
    examples.add(example(8, Split.TRAINING, 2));
    examples.add(example(0, Split.VALIDATION, 0));
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 0, 3)) {
      for (Example example : examples) {
        sender.send(example);
      }
      sender.flush();
      assertThat(sender.counts()).isEqualTo(new SendCounts(10, 10, 0));
    }
    List<ProducerRecord<byte[], byte[]>> records = producer.history();
    assertThat(records).extracting(r -> ExampleCodec.decodeAll(r.value()).size()).containsExactly(3, 3, 1, 2, 1);
    assertThat(records).extracting(ProducerRecord::topic)
        .containsExactly("mnist-train", "mnist-train", "mnist-train", "mnist-train", "mnist-validation");
    assertThat(records.get(2).value()[0]).isEqualTo(ExampleCodec.VERSION);
    assertThat(records.get(0).key()).containsExactly(ExampleCodec.encodeKey(0));
    assertThat(records.stream().flatMap(r -> ExampleCodec.decodeAll(r.value()).stream())).containsExactlyElementsOf(examples);
  }

  @Test
  void aRefusedBatchCountsEachOfItsExamplesAsFailed() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 0, 2)) {
      sender.send(example(0));
      sender.send(example(1));
      sender.send(example(2));
      sender.send(example(3));
      producer.completeNext();
      producer.errorNext(new RecordTooLargeException("too large"));
      assertThat(sender.counts()).isEqualTo(new SendCounts(4, 2, 2));
    }
  }

  @Test
  void aPartialBatchIsSentOnClose() throws Exception {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    try (ExampleSender sender = new ExampleSender(producer, TopicSettings.defaults(), 0, 5)) {
      sender.send(example(0));
      sender.send(example(1));
      assertThat(producer.history()).isEmpty();
    }
    assertThat(producer.history()).hasSize(1);
    assertThat(ExampleCodec.decodeAll(producer.history().get(0).value())).containsExactly(example(0), example(1));
  }

  @Test
  void examplesPerRecordIsOneToTheBatchLimit() {
    MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    assertThatThrownBy(() -> new ExampleSender(producer, TopicSettings.defaults(), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ExampleSender(producer, TopicSettings.defaults(), 0, ExampleCodec.MAX_BATCH + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
