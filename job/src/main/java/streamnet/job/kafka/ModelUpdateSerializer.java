package streamnet.job.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamnet.job.ModelUpdate;
import streamnet.job.ModelUpdateCodec;

/** Model updates to the model topic, keyed by run id. */
final class ModelUpdateSerializer implements KafkaRecordSerializationSchema<ModelUpdate> {
  private final String topic;

  ModelUpdateSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      ModelUpdate update, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, update.runId().getBytes(StandardCharsets.UTF_8), ModelUpdateCodec.encode(update));
  }
}
