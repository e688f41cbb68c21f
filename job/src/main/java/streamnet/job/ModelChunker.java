package streamnet.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits each model part (a shard's slice, or the coordinator's header) into chunks of at most
 * {@link #CHUNK_PAYLOAD_BYTES} of body, the records of the model topic. Stateless: it sits between
 * an averaging operator and the model sink and adds nothing to checkpoints.
 */
public final class ModelChunker<T extends ModelPart> implements FlatMapFunction<T, ModelChunk> {
  /**
   * The most body bytes one record carries: half of Kafka's default record limit (1 MiB), which
   * leaves room for the chunk header, the record's key and Kafka's batch overhead.
   */
  public static final int CHUNK_PAYLOAD_BYTES = 512 << 10;
  private final int payloadBytes;

  public ModelChunker() {
    this(CHUNK_PAYLOAD_BYTES);
  }

  ModelChunker(int payloadBytes) {
    if (payloadBytes < 1) {
      throw new IllegalArgumentException("chunks need at least one byte, got " + payloadBytes);
    }
    this.payloadBytes = payloadBytes;
  }

  @Override
  public void flatMap(T part, Collector<ModelChunk> out) {
    split(part, payloadBytes).forEach(out::collect);
  }

  /** The chunks of {@code part}, each with at most {@code payloadBytes} of its body, in order. */
  public static List<ModelChunk> split(ModelPart part, int payloadBytes) {
    byte[] body = part.body();
    int count = Math.max(1, (body.length + payloadBytes - 1) / payloadBytes);
    List<ModelChunk> chunks = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      int from = index * payloadBytes;
      chunks.add(new ModelChunk(part.runId(), part.generation(), part.version(), part.part(), part.parts(), index,
          count, body.length, Arrays.copyOfRange(body, from, Math.min(body.length, from + payloadBytes))));
    }
    return chunks;
  }
}
