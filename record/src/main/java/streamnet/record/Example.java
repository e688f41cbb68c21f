package streamnet.record;

import java.util.Arrays;

/**
 * One labeled 28x28 digit as it travels through Kafka: the original pixel bytes (0 = background,
 * 255 = ink, row by row), its label, its id within the split, and the training epoch (0 for the
 * validation and test splits, which are streamed once).
 */
public record Example(int id, Split split, int epoch, int label, byte[] pixels) {

  /** Pixels in an image: 28 by 28. */
  public static final int PIXELS = 28 * 28;

  /** byte / 255 for every byte value: a look-up is several times cheaper than the division. */
  private static final float[] INTENSITY = new float[256];

  static {
    for (int b = 0; b < INTENSITY.length; b++) {
      INTENSITY[b] = b / 255f;
    }
  }

  public Example {
    if (pixels.length != PIXELS) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_LENGTH, "expected " + PIXELS + " pixels, got " + pixels.length);
    }
    checkLabel(label);
    checkEpoch(epoch);
  }

  /** Throws {@link InvalidRecordException} unless {@code label} is a digit, 0-9. */
  static void checkLabel(int label) {
    if (label < 0 || label > 9) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.LABEL_OUT_OF_RANGE, "label " + label + " is outside 0-9");
    }
  }

  /** Throws {@link InvalidRecordException} if {@code epoch} is negative. */
  static void checkEpoch(int epoch) {
    if (epoch < 0) {
      throw new InvalidRecordException(InvalidRecordException.Reason.NEGATIVE_EPOCH, "negative epoch " + epoch);
    }
  }

  /** An example from an image of intensities in [0, 1], as {@code Dataset} holds them. */
  public static Example ofImage(int id, Split split, int epoch, int label, float[] image) {
    byte[] pixels = new byte[image.length];
    for (int i = 0; i < image.length; i++) {
      pixels[i] = (byte) Math.round(Math.max(0f, Math.min(1f, image[i])) * 255f);
    }
    return new Example(id, split, epoch, label, pixels);
  }

  /** The pixel intensities as the network wants them: byte / 255 in [0, 1]. */
  public float[] image() {
    float[] image = new float[PIXELS];
    imageInto(image);
    return image;
  }

  /** Writes the pixel intensities into {@code image} (a reused buffer: a worker's hot path). */
  public void imageInto(float[] image) {
    intensitiesInto(pixels, image);
  }

  /** Pixel bytes as intensities byte / 255 into {@code image}: how the network sees every digit. */
  static void intensitiesInto(byte[] pixels, float[] image) {
    for (int i = 0; i < PIXELS; i++) {
      image[i] = INTENSITY[pixels[i] & 0xFF];
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Example that
        && id == that.id
        && split == that.split
        && epoch == that.epoch
        && label == that.label
        && Arrays.equals(pixels, that.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(pixels) + id;
  }

  @Override
  public String toString() {
    return "Example[id=" + id + ", split=" + split + ", epoch=" + epoch + ", label=" + label + "]";
  }
}
