package streamnet.record;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one wire format of an {@link Example}, shared by the producer and the Flink job. See
 * docs/record-format.md: the key is the example id (4 bytes, big-endian); the value of a labeled
 * example (version 1) is version, split, label, epoch, id and the 784 pixel bytes; the value of an
 * unlabeled one (version 2, a prediction request) is version, id and the pixels; a batch of labeled
 * examples (version 3) is version, a count and that many version-1 values.
 */
public final class ExampleCodec {

  /** The format version of labeled examples: the only one {@link #decode} reads. */
  public static final byte VERSION = 1;

  /** The format version of unlabeled examples (prediction requests): the only one {@link #decodeUnlabeled} reads. */
  public static final byte UNLABELED_VERSION = 2;

  /** The format version of a batch of labeled examples in one record: what {@link #decodeAll} reads besides version 1. */
  public static final byte BATCH_VERSION = 3;

  /** The most examples in one batch: 795,003 bytes, under Kafka's default record limit of 1 MiB. */
  public static final int MAX_BATCH = 1_000;

  /** Bytes before the examples in a batch value: version, count (an unsigned short). */
  private static final int BATCH_HEADER_LENGTH = 1 + Short.BYTES;

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

  /**
   * The epoch field of a well-formed record value without decoding the pixels (of a batch: its
   * first example's), or -1.
   */
  public static int epochOf(byte[] value) {
    if (value == null || value.length == 0) {
      return -1;
    }
    int start = value[0] == BATCH_VERSION ? BATCH_HEADER_LENGTH : 0;
    if (value.length < start + VALUE_LENGTH || value[start] != VERSION
        || (start == 0 && value.length != VALUE_LENGTH)) {
      return -1;
    }
    return ByteBuffer.wrap(value, start + EPOCH_OFFSET, Integer.BYTES).getInt();
  }

  /** The example in a record value; throws {@link InvalidRecordException} naming what is wrong. */
  public static Example decode(byte[] value) {
    checkOneExample(value, String.valueOf(VERSION));
    return decodeAt(value, 0);
  }

  /**
   * The record value of a batch of 1 to {@link #MAX_BATCH} examples (version 3): the version, the
   * count, then each example's version-1 value.
   */
  public static byte[] encodeBatch(List<Example> examples) {
    if (examples.isEmpty() || examples.size() > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " examples, not " + examples.size());
    }
    ByteBuffer buffer = ByteBuffer.allocate(BATCH_HEADER_LENGTH + examples.size() * VALUE_LENGTH)
        .put(BATCH_VERSION)
        .putShort((short) examples.size());
    for (Example example : examples) {
      buffer.put(encode(example));
    }
    return buffer.array();
  }

  /**
   * How many labeled examples a record value of version 1 (one) or 3 (a batch) holds, having
   * checked every field {@link #decodeAll} reads: it throws {@link InvalidRecordException} exactly
   * where {@code decodeAll} would, without decoding anything.
   */
  public static int exampleCount(byte[] value) {
    int count = checkedCount(value);
    int start = firstExampleOffset(value);
    for (int i = 0; i < count; i++) {
      checkFieldsAt(value, start + i * VALUE_LENGTH);
    }
    return count;
  }

  /** The examples in a record value of version 1 (one) or 3 (a batch, in its order); throws {@link InvalidRecordException} naming what is wrong. */
  public static List<Example> decodeAll(byte[] value) {
    int count = checkedCount(value);
    int start = firstExampleOffset(value);
    List<Example> examples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      examples.add(decodeAt(value, start + i * VALUE_LENGTH));
    }
    return examples;
  }

  /** The number of examples in a version-1 or version-3 value whose version and length are right. */
  private static int checkedCount(byte[] value) {
    if (value != null && value.length > 0 && value[0] == BATCH_VERSION) {
      int count = value.length < BATCH_HEADER_LENGTH ? 0 : ByteBuffer.wrap(value, 1, Short.BYTES).getShort() & 0xFFFF;
      if (count < 1 || count > MAX_BATCH || value.length != BATCH_HEADER_LENGTH + count * VALUE_LENGTH) {
        throw new InvalidRecordException(
            InvalidRecordException.Reason.WRONG_LENGTH,
            "batch record value has " + value.length + " bytes and count " + count + ", version " + BATCH_VERSION
                + " holds 1 to " + MAX_BATCH + " examples of " + VALUE_LENGTH + " bytes after " + BATCH_HEADER_LENGTH);
      }
      return count;
    }
    checkOneExample(value, VERSION + " or " + BATCH_VERSION + " (a batch)");
    return 1;
  }

  /** Where the first example's version-1 value starts: after a batch's header, or at 0. */
  private static int firstExampleOffset(byte[] value) {
    return value[0] == BATCH_VERSION ? BATCH_HEADER_LENGTH : 0;
  }

  /** Checks that {@code value} is one labeled example's, naming the {@code versions} the caller reads if not. */
  private static void checkOneExample(byte[] value, String versions) {
    if (value == null || value.length == 0) {
      throw new InvalidRecordException(InvalidRecordException.Reason.WRONG_LENGTH, "empty record value");
    }
    if (value[0] != VERSION) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_VERSION,
          "record format version " + value[0]
              + (value[0] == UNLABELED_VERSION ? " (an unlabeled example, a prediction request)" : "")
              + (value[0] == BATCH_VERSION ? " (a batch of labeled examples)" : "")
              + ", labeled examples are version " + versions);
    }
    if (value.length != VALUE_LENGTH) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_LENGTH,
          "record value has " + value.length + " bytes, version " + VERSION + " has " + VALUE_LENGTH);
    }
  }

  /** Checks the version-1 value at {@code offset}: its version byte, split, label and epoch. */
  private static void checkFieldsAt(byte[] value, int offset) {
    if (value[offset] != VERSION) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_VERSION,
          "example at byte " + offset + " of the batch has format version " + value[offset] + ", not " + VERSION);
    }
    Split.ofCode(value[offset + 1] & 0xFF);
    Example.checkLabel(value[offset + 2] & 0xFF);
    Example.checkEpoch(ByteBuffer.wrap(value, offset + EPOCH_OFFSET, Integer.BYTES).getInt());
  }

  /** The example whose version-1 value starts at {@code offset}. */
  private static Example decodeAt(byte[] value, int offset) {
    checkFieldsAt(value, offset);
    ByteBuffer buffer = ByteBuffer.wrap(value, offset + 1, VALUE_LENGTH - 1);
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
