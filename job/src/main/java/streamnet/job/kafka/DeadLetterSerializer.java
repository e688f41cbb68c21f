package streamnet.job.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamnet.job.DeadLetter;

/** A dead letter as its key and value, with the reason and each origin field in a header. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private final String topic;

  DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, letter.key(), letter.value());
    record.headers().add("reason", utf8(letter.reason()));
    letter.origin().forEach((name, value) -> record.headers().add(name, utf8(value)));
    return record;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
