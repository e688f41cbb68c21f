package streamnet.job.serve;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import streamnet.record.Prediction;
import streamnet.record.PredictionCodec;

/** Predictions to the predictions topic, keyed by the example id (docs/record-format.md, "Predictions"). */
final class PredictionSerializer implements KafkaRecordSerializationSchema<Prediction> {
  private final String topic;

  PredictionSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Prediction prediction, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, PredictionCodec.encodeKey(prediction), PredictionCodec.encode(prediction));
  }
}
