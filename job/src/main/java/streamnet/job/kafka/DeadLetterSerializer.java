package streamnet.job.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamnet.job.DeadLetter;
import streamnet.job.RawRecord;

/** A dead letter as the original key and value, with the reason and origin in headers. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private final String topic;

  DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    RawRecord raw = letter.record();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, raw.key(), raw.value());
    record.headers()
        .add("reason", utf8(letter.reason()))
        .add("source-topic", utf8(raw.topic()))
        .add("source-partition", utf8(String.valueOf(raw.partition())))
        .add("source-offset", utf8(String.valueOf(raw.offset())));
    return record;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
