package streamnet.job;

/**
 * One record of the model topic: chunk {@code index} of {@code count} of the encoded body of part
 * {@code part} of {@code parts} ({@link ModelPart}) of model version ({@code generation},
 * {@code version}) of run {@code runId}; that part's whole body is {@code bodyBytes} long. A part
 * travels as several chunks so no record outgrows Kafka's default record size, whatever the network
 * ({@link ModelChunker}, {@link ModelReassembler}).
 */
public record ModelChunk(
    String runId, int generation, long version, int part, int parts, int index, int count, int bodyBytes,
    byte[] payload) {

  public ModelChunk {
    if (parts < 2 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("chunk " + index + " of " + count);
    }
    if (bodyBytes < 0 || payload.length > bodyBytes) {
      throw new IllegalArgumentException("chunk of " + payload.length + " bytes in a body of " + bodyBytes);
    }
  }
}
