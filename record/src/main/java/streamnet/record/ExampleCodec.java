package streamnet.record;

import java.nio.ByteBuffer;

/**
 * The one wire format of an {@link Example}, shared by the producer and the Flink job. See
 * docs/record-format.md: the key is the example id (4 bytes, big-endian); the value of a labeled
 * example (version 1) is version, split, label, epoch, id and the 784 pixel bytes; the value of an
 * unlabeled one (version 2, a prediction request) is version, id and the pixels.
 */
public final class ExampleCodec {

  /** The format version of labeled examples: the only one {@link #decode} reads. */
  public static final byte VERSION = 1;

  /** The format version of unlabeled examples (prediction requests): the only one {@link #decodeUnlabeled} reads. */
  public static final byte UNLABELED_VERSION = 2;

  /** Bytes before the pixels in an unlabeled record value: version, id. */
  private static final int UNLABELED_HEADER_LENGTH = 1 + Integer.BYTES;

  /** Bytes in an unlabeled record value. */
  public static final int UNLABELED_VALUE_LENGTH = UNLABELED_HEADER_LENGTH + Example.PIXELS;

  /** Bytes in a record key. */
  public static final int KEY_LENGTH = Integer.BYTES;

  /** Where the epoch starts in a record value: after version, split and label (a byte each). */
  private static final int EPOCH_OFFSET = 3;

  /** Bytes before the pixels in a record value: version, split, label, epoch, id. */
  public static final int HEADER_LENGTH = EPOCH_OFFSET + 2 * Integer.BYTES;

  /** Bytes in a record value. */
  public static final int VALUE_LENGTH = HEADER_LENGTH + Example.PIXELS;

  private ExampleCodec() {}

  /** The record key: the example id, so every epoch of an example lands in the same partition. */
  public static byte[] encodeKey(Example example) {
    return encodeKey(example.id());
  }

  /** The record key of an unlabeled example: its id, as for a labeled one. */
  public static byte[] encodeKey(UnlabeledExample example) {
    return encodeKey(example.id());
  }

  /** The record key of the example with {@code id}. */
  public static byte[] encodeKey(int id) {
    return ByteBuffer.allocate(KEY_LENGTH).putInt(id).array();
  }

  /** The record value of an example. */
  public static byte[] encode(Example example) {
    return ByteBuffer.allocate(VALUE_LENGTH)
        .put(VERSION)
        .put((byte) example.split().code())
        .put((byte) example.label())
        .putInt(example.epoch())
        .putInt(example.id())
        .put(example.pixels())
        .array();
  }

  /** The epoch field of a well-formed record value without decoding the pixels, or -1. */
  public static int epochOf(byte[] value) {
    if (value == null || value.length != VALUE_LENGTH || value[0] != VERSION) {
      return -1;
    }
    return ByteBuffer.wrap(value, EPOCH_OFFSET, Integer.BYTES).getInt();
  }

  /** The example in a record value; throws {@link InvalidRecordException} naming what is wrong. */
  public static Example decode(byte[] value) {
    if (value == null || value.length == 0) {
      throw new InvalidRecordException(InvalidRecordException.Reason.WRONG_LENGTH, "empty record value");
    }
    if (value[0] != VERSION) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_VERSION,
          "record format version " + value[0]
              + (value[0] == UNLABELED_VERSION ? " (an unlabeled example, a prediction request)" : "")
              + ", labeled examples are version " + VERSION);
    }
    if (value.length != VALUE_LENGTH) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_LENGTH,
          "record value has " + value.length + " bytes, version " + VERSION + " has " + VALUE_LENGTH);
    }
    ByteBuffer buffer = ByteBuffer.wrap(value, 1, VALUE_LENGTH - 1);
    Split split = Split.ofCode(buffer.get() & 0xFF);
    int label = buffer.get() & 0xFF;
    int epoch = buffer.getInt();
    int id = buffer.getInt();
    byte[] pixels = new byte[Example.PIXELS];
    buffer.get(pixels);
    return new Example(id, split, epoch, label, pixels);
  }

  /** The record value of an unlabeled example: version 2, id, pixels. */
  public static byte[] encode(UnlabeledExample example) {
    return ByteBuffer.allocate(UNLABELED_VALUE_LENGTH)
        .put(UNLABELED_VERSION)
        .putInt(example.id())
        .put(example.pixels())
        .array();
  }

  /**
   * A copy of an unlabeled example's record value (from {@link #encode(UnlabeledExample)}) with
   * another id: the same bytes {@code encode} makes for that id and the same pixels, without
   * converting or encoding the pixels again.
   */
  public static byte[] withUnlabeledId(byte[] value, int id) {
    byte[] copy = value.clone();
    ByteBuffer.wrap(copy, 1, Integer.BYTES).putInt(id);
    return copy;
  }

  /** The unlabeled example in a record value; throws {@link InvalidRecordException} naming what is wrong. */
  public static UnlabeledExample decodeUnlabeled(byte[] value) {
    if (value == null || value.length == 0) {
      throw new InvalidRecordException(InvalidRecordException.Reason.WRONG_LENGTH, "empty record value");
    }
    if (value[0] != UNLABELED_VERSION) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_VERSION,
          "record format version " + value[0] + (value[0] == VERSION ? " (a labeled example)" : "")
              + ", prediction requests are version " + UNLABELED_VERSION);
    }
    if (value.length != UNLABELED_VALUE_LENGTH) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_LENGTH,
          "record value has " + value.length + " bytes, version " + UNLABELED_VERSION + " has "
              + UNLABELED_VALUE_LENGTH);
    }
    ByteBuffer buffer = ByteBuffer.wrap(value, 1, UNLABELED_VALUE_LENGTH - 1);
    int id = buffer.getInt();
    byte[] pixels = new byte[Example.PIXELS];
    buffer.get(pixels);
    return new UnlabeledExample(id, pixels);
  }
}
