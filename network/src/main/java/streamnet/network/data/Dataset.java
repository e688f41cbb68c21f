package streamnet.network.data;

import java.util.Arrays;

/**
 * Labeled images for classification: each image a row of pixel intensities in [0, 1], each label a
 * class index. Rows are shared, not copied: treat them as read-only.
 */
public final class Dataset {
  private final float[][] images;
  private final int[] labels;
  private final int classes;

  public Dataset(float[][] images, int[] labels, int classes) {
    if (images.length != labels.length) {
      throw new IllegalArgumentException(
          "images and labels differ in count: " + images.length + " vs " + labels.length);
    }
    for (int label : labels) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (classes - 1));
      }
    }
    this.images = images;
    this.labels = labels;
    this.classes = classes;
  }

  public int size() {
    return images.length;
  }

  public float[] image(int i) {
    return images[i];
  }

  public int label(int i) {
    return labels[i];
  }

  /** Number of input values per image. */
  public int inputSize() {
    return images.length == 0 ? 0 : images[0].length;
  }

  public int classes() {
    return classes;
  }

  /** Examples {@code from} (inclusive) to {@code to} (exclusive), sharing rows with this set. */
  public Dataset slice(int from, int to) {
    return new Dataset(
        Arrays.copyOfRange(images, from, to), Arrays.copyOfRange(labels, from, to), classes);
  }
}
