package streamnet.job.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamnet.job.ModelChunk;
import streamnet.job.ModelUpdateCodec;

/** Model chunks to the model topic, keyed by run id. */
final class ModelChunkSerializer implements KafkaRecordSerializationSchema<ModelChunk> {
  private final String topic;

  ModelChunkSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(ModelChunk chunk, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        topic, chunk.runId().getBytes(StandardCharsets.UTF_8), ModelUpdateCodec.encode(chunk));
  }
}
