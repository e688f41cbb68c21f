package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import streamnet.kafka.TopicSettings;
import streamnet.record.Example;
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
}
