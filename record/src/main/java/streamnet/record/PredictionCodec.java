package streamnet.record;

import java.nio.ByteBuffer;

/**
 * The wire format of the predictions topic (docs/record-format.md, "Predictions"): the key is the
 * example id (4 bytes, big-endian, as on the predict topic); the value is format, id, digit,
 * generation, version, the three times and the output activations.
 */
public final class PredictionCodec {

  /** The format this codec writes and the only one it reads. */
  public static final byte FORMAT = 1;

  /** Bytes before the activations: format, id, digit, generation, version, three times, output count. */
  public static final int HEADER_LENGTH = 1 + 4 + 1 + 4 + 8 + 3 * 8 + 1;

  /** Output activations a record can carry: the count is one unsigned byte. */
  public static final int MAX_OUTPUTS = 255;

  private PredictionCodec() {}

  /** The record key: the example id. */
  public static byte[] encodeKey(Prediction prediction) {
    return ByteBuffer.allocate(Integer.BYTES).putInt(prediction.id()).array();
  }

  /** The record value of a prediction. */
  public static byte[] encode(Prediction prediction) {
    float[] activations = prediction.activations();
    if (activations.length > MAX_OUTPUTS) {
      throw new IllegalArgumentException(activations.length + " outputs, a prediction carries at most " + MAX_OUTPUTS);
    }
    ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + Float.BYTES * activations.length)
        .put(FORMAT)
        .putInt(prediction.id())
        .put((byte) prediction.digit())
        .putInt(prediction.generation())
        .putLong(prediction.version())
        .putLong(prediction.requestedMillis())
        .putLong(prediction.answeredMillis())
        .putLong(prediction.modelPublishedMillis())
        .put((byte) activations.length);
    for (float activation : activations) {
      buffer.putFloat(activation);
    }
    return buffer.array();
  }

  /** The prediction in a record value; throws {@link IllegalArgumentException} naming what is wrong. */
  public static Prediction decode(byte[] value) {
    if (value == null || value.length < HEADER_LENGTH) {
      throw new IllegalArgumentException("prediction record of " + (value == null ? 0 : value.length)
          + " bytes, shorter than its " + HEADER_LENGTH + "-byte header");
    }
    if (value[0] != FORMAT) {
      throw new IllegalArgumentException("prediction record format " + value[0] + ", this codec reads " + FORMAT);
    }
    ByteBuffer buffer = ByteBuffer.wrap(value, 1, value.length - 1);
    int id = buffer.getInt();
    int digit = buffer.get() & 0xFF;
    int generation = buffer.getInt();
    long version = buffer.getLong();
    long requested = buffer.getLong();
    long answered = buffer.getLong();
    long published = buffer.getLong();
    int outputs = buffer.get() & 0xFF;
    if (value.length != HEADER_LENGTH + Float.BYTES * outputs) {
      throw new IllegalArgumentException("prediction record of " + value.length + " bytes, " + outputs
          + " outputs make " + (HEADER_LENGTH + Float.BYTES * outputs));
    }
    float[] activations = new float[outputs];
    buffer.asFloatBuffer().get(activations);
    return new Prediction(id, digit, activations, generation, version, requested, answered, published);
  }
}
