package streamnet.job;

/**
 * One record of the model topic: part {@code index} of {@code count} of the encoded body of model
 * version ({@code generation}, {@code version}) of run {@code runId}, whose whole body is
 * {@code bodyBytes} long. A version travels as several chunks so no record outgrows Kafka's
 * default record size, whatever the network ({@link ModelChunker}, {@link ModelReassembler}).
 */
public record ModelChunk(
    String runId, int generation, long version, int index, int count, int bodyBytes, byte[] payload) {

  public ModelChunk {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("chunk " + index + " of " + count);
    }
    if (bodyBytes < 0 || payload.length > bodyBytes) {
      throw new IllegalArgumentException("chunk of " + payload.length + " bytes in a body of " + bodyBytes);
    }
  }
}
