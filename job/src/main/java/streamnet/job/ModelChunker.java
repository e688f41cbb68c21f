package streamnet.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Splits each model version the averager publishes into chunks of at most
 * {@link #CHUNK_PAYLOAD_BYTES} of body, the records of the model topic. Stateless: it sits between
 * the averager and the model sink and adds nothing to checkpoints.
 */
public final class ModelChunker implements FlatMapFunction<ModelUpdate, ModelChunk> {
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
  public void flatMap(ModelUpdate update, Collector<ModelChunk> out) {
    split(update, payloadBytes).forEach(out::collect);
  }

  /** The chunks of {@code update}, each with at most {@code payloadBytes} of its body, in order. */
  public static List<ModelChunk> split(ModelUpdate update, int payloadBytes) {
    byte[] body = ModelUpdateCodec.body(update);
    int count = Math.max(1, (body.length + payloadBytes - 1) / payloadBytes);
    List<ModelChunk> chunks = new ArrayList<>(count);
    for (int index = 0; index < count; index++) {
      int from = index * payloadBytes;
      chunks.add(new ModelChunk(update.runId(), update.generation(), update.version(), index, count, body.length,
          Arrays.copyOfRange(body, from, Math.min(body.length, from + payloadBytes))));
    }
    return chunks;
  }
}
