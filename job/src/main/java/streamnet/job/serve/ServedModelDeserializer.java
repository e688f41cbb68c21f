package streamnet.job.serve;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import streamnet.job.ModelUpdate;
import streamnet.job.kafka.ModelUpdateDeserializer;

/**
 * One run's whole model versions from the model topic, as the training job's workers read them
 * ({@link ModelUpdateDeserializer}: other runs skipped, chunks reassembled), each stamped with its
 * publication time: the timestamp of the record that completed it. The stop update is a version
 * like the others: serving goes on after training stops.
 */
public final class ServedModelDeserializer implements KafkaRecordDeserializationSchema<ServedModel> {
  private final ModelUpdateDeserializer updates;

  public ServedModelDeserializer(String runId) {
    this.updates = new ModelUpdateDeserializer(runId);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ServedModel> out) throws java.io.IOException {
    updates.deserialize(record, new Collector<>() {
      @Override
      public void collect(ModelUpdate update) {
        out.collect(new ServedModel(update.generation(), update.version(), record.timestamp(), update.parameters()));
      }

      @Override
      public void close() {}
    });
  }

  @Override
  public TypeInformation<ServedModel> getProducedType() {
    return TypeInformation.of(ServedModel.class);
  }
}
