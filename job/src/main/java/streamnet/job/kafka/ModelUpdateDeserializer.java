package streamnet.job.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import streamnet.job.ModelUpdate;
import streamnet.job.ModelUpdateCodec;

/** Reads this run's model updates from the model topic; other runs' (a reused topic) are skipped. */
public final class ModelUpdateDeserializer implements KafkaRecordDeserializationSchema<ModelUpdate> {
  private final String runId;

  public ModelUpdateDeserializer(String runId) {
    this.runId = runId;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) {
    if (runId.equals(ModelUpdateCodec.runId(record.value()))) {
      out.collect(ModelUpdateCodec.decode(record.value()));
    }
  }

  @Override
  public TypeInformation<ModelUpdate> getProducedType() {
    return TypeInformation.of(ModelUpdate.class);
  }
}
