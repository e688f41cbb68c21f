package streamnet.record;

import java.util.Arrays;

/**
 * A 28x28 digit without a label, to be classified: the pixel bytes (0 = background, 255 = ink, row
 * by row, as in {@link Example}) and an id the sender chooses, which its prediction carries back.
 */
public record UnlabeledExample(int id, byte[] pixels) {

  public UnlabeledExample {
    if (pixels.length != Example.PIXELS) {
      throw new InvalidRecordException(
          InvalidRecordException.Reason.WRONG_LENGTH, "expected " + Example.PIXELS + " pixels, got " + pixels.length);
    }
  }

  /** The pixel intensities as the network wants them: byte / 255 in [0, 1], as {@link Example#image()}. */
  public float[] image() {
    float[] image = new float[Example.PIXELS];
    imageInto(image);
    return image;
  }

  /** {@link #image()} into {@code image}, an array of {@link Example#PIXELS} floats the caller reuses. */
  public void imageInto(float[] image) {
    Example.intensitiesInto(pixels, image);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnlabeledExample that && id == that.id && Arrays.equals(pixels, that.pixels);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(pixels) + id;
  }

  @Override
  public String toString() {
    return "UnlabeledExample[id=" + id + "]";
  }
}
