package streamnet.job.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import streamnet.job.ModelReassembler;
import streamnet.job.ModelUpdate;
import streamnet.job.ModelUpdateCodec;

/**
 * Reads this run's model versions from the model topic's chunks and emits each version once it is
 * whole; other runs' chunks (a reused topic) are skipped without being decoded. The reassembly
 * lives in the source task and is not checkpointed (see {@link ModelReassembler}): the source's
 * checkpointed offset may fall between the chunks of a version, which a restore then never
 * completes, and the restored averager republishes its version whole.
 */
public final class ModelUpdateDeserializer implements KafkaRecordDeserializationSchema<ModelUpdate> {
  private final String runId;
  private transient ModelReassembler reassembler;

  public ModelUpdateDeserializer(String runId) {
    this.runId = runId;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) {
    if (!runId.equals(ModelUpdateCodec.runId(record.value()))) {
      return;
    }
    if (reassembler == null) {
      reassembler = new ModelReassembler(runId);
    }
    reassembler.accept(ModelUpdateCodec.decode(record.value())).ifPresent(out::collect);
  }

  @Override
  public TypeInformation<ModelUpdate> getProducedType() {
    return TypeInformation.of(ModelUpdate.class);
  }
}
