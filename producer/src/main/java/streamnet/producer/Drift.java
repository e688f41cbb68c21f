package streamnet.producer;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import streamnet.record.Example;

/**
 * The producer's drift scenario ({@code produce --drift-after N --drift KIND}): the first
 * {@code after} training examples the feed sends (counted across epochs, expansion variants
 * included) go out as they are, every later one transformed by {@code kind}. Validation and test
 * examples are never transformed: they stay the pre-drift reference the job validates and tests
 * against, so a drift shows as a gap between the live stream and them.
 */
public final class Drift {

  /** How a drifted training example differs from the original. */
  public enum Kind {
    /** The image turned 90° clockwise: pixel (row r, column c) moves to (c, 27 − r). */
    ROTATE90("rotate90"),
    /** Every pixel inverted, 255 − x: white digits on black become black on white. */
    INVERT("invert"),
    /** The label mapped through a fixed permutation of 0-9 with no fixed point, drawn from the seed. */
    PERMUTE_LABELS("permute-labels");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    /** The kind named {@code id}; fails naming the kinds there are. */
    public static Kind fromId(String id) {
      return Arrays.stream(values()).filter(kind -> kind.id.equals(id.trim().toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown --drift '" + id + "': "
              + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "))));
    }
  }

  private static final int SIDE = 28;
  private static final int CLASSES = 10;

  private final long after;
  private final Kind kind;
  private final int[] labelMap;

  /** Drift of {@code kind} from training example {@code after} on; {@code seed} draws the label permutation. */
  public Drift(long after, Kind kind, long seed) {
    if (after < 0) {
      throw new IllegalArgumentException("--drift-after must be 0 or more, got " + after);
    }
    this.after = after;
    this.kind = kind;
    this.labelMap = derangement(seed);
  }

  /**
   * The training example {@code sentBefore} examples into the training stream: {@code example}
   * itself before the drift, its transformed copy from then on.
   */
  public Example apply(long sentBefore, Example example) {
    return sentBefore < after ? example : transform(example);
  }

  /** {@code example} as the drifted stream has it. */
  public Example transform(Example example) {
    return switch (kind) {
      case ROTATE90 -> withPixels(example, rotated90(example.pixels()));
      case INVERT -> withPixels(example, inverted(example.pixels()));
      case PERMUTE_LABELS -> new Example(example.id(), example.split(), example.epoch(), labelMap[example.label()],
          example.pixels());
    };
  }

  /** Where {@link Kind#PERMUTE_LABELS} sends each label: {@code labelMap()[label]}. */
  public int[] labelMap() {
    return labelMap.clone();
  }

  public long after() {
    return after;
  }

  public Kind kind() {
    return kind;
  }

  private static Example withPixels(Example example, byte[] pixels) {
    return new Example(example.id(), example.split(), example.epoch(), example.label(), pixels);
  }

  private static byte[] rotated90(byte[] pixels) {
    byte[] rotated = new byte[pixels.length];
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        rotated[c * SIDE + (SIDE - 1 - r)] = pixels[r * SIDE + c];
      }
    }
    return rotated;
  }

  private static byte[] inverted(byte[] pixels) {
    byte[] inverted = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      inverted[i] = (byte) (255 - (pixels[i] & 0xFF));
    }
    return inverted;
  }

  /**
   * A permutation of 0-9 in which no label maps to itself (so every drifted label is wrong by the
   * old mapping): Fisher-Yates shuffles of {@code new Random(seed)} until one has no fixed point.
   */
  private static int[] derangement(long seed) {
    Random random = new Random(seed);
    int[] map = new int[CLASSES];
    do {
      for (int i = 0; i < CLASSES; i++) {
        map[i] = i;
      }
      for (int i = CLASSES - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = map[i];
        map[i] = map[j];
        map[j] = swap;
      }
    } while (hasFixedPoint(map));
    return map;
  }

  private static boolean hasFixedPoint(int[] map) {
    for (int i = 0; i < map.length; i++) {
      if (map[i] == i) {
        return true;
      }
    }
    return false;
  }
}
