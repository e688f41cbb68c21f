package streamnet.network.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Artificial expansion of training data: variants of each image that keep its label.
 *
 * <p>{@link Kind#SHIFTS} gives the four 1-pixel shifts of Nielsen's {@code expand_mnist.py}; each
 * random kind gives {@code copies} variants per image. A seed gives the same output on every run.
 *
 * @param kinds which variants to make
 * @param copies variants per image of each random kind ({@link Kind#ROTATIONS}, {@link
 *     Kind#ELASTIC})
 * @param maxDegrees rotations are uniform in [-maxDegrees, maxDegrees]
 * @param alpha elastic displacement scale, in pixels
 * @param sigma std of the Gaussian that smooths elastic displacements, in pixels
 */
public record Expansion(
    Set<Kind> kinds, int copies, double maxDegrees, double alpha, double sigma) {
  /** Small enough that a digit stays upright: a 6 must not start to look like a 9. */
  public static final double DEFAULT_MAX_DEGREES = 15;

  /** Simard, Steinkraus and Platt's displacement scale for MNIST. */
  public static final double DEFAULT_ALPHA = 34;

  /** Simard, Steinkraus and Platt's smoothing for MNIST. */
  public static final double DEFAULT_SIGMA = 4;

  /** The kinds of variant. */
  public enum Kind {
    /** Down, up, right and left by one pixel, as {@code expand_mnist.py}. */
    SHIFTS,
    /** Rotations by a random angle about the centre. */
    ROTATIONS,
    /** Elastic distortions. */
    ELASTIC
  }

  public Expansion {
    if (copies < 0 || maxDegrees < 0 || alpha < 0 || sigma <= 0) {
      throw new IllegalArgumentException(
          "need copies >= 0, maxDegrees >= 0, alpha >= 0, sigma > 0; got %d, %s, %s, %s"
              .formatted(copies, maxDegrees, alpha, sigma));
    }
    kinds = Set.copyOf(kinds);
  }

  /** Nielsen's expansion: the four 1-pixel shifts, so 50,000 images become 250,000. */
  public static Expansion shifts() {
    return of(EnumSet.of(Kind.SHIFTS), 0);
  }

  /** The given kinds with default parameters and {@code copies} variants per random kind. */
  public static Expansion of(Set<Kind> kinds, int copies) {
    return new Expansion(kinds, copies, DEFAULT_MAX_DEGREES, DEFAULT_ALPHA, DEFAULT_SIGMA);
  }

  /**
   * Each image followed by its variants, then all shuffled; rows of {@code data} are shared. All
   * variants are held in memory (50,000 MNIST images with shifts take about 800 MB); to expand
   * while streaming, call {@link #variants} per image instead.
   */
  public Dataset apply(Dataset data, long seed) {
    Random random = new Random(seed);
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      images.add(data.image(i));
      labels.add(data.label(i));
      for (float[] variant : variants(data.image(i), random)) {
        images.add(variant);
        labels.add(data.label(i));
      }
    }
    return shuffled(images, labels, data.classes(), random);
  }

  /** The variants of one image, in the order of {@link Kind}; for expanding while streaming. */
  public List<float[]> variants(float[] image, Random random) {
    List<float[]> variants = new ArrayList<>();
    if (kinds.contains(Kind.SHIFTS)) {
      variants.add(ImageTransforms.shift(image, 1, 0));
      variants.add(ImageTransforms.shift(image, -1, 0));
      variants.add(ImageTransforms.shift(image, 0, 1));
      variants.add(ImageTransforms.shift(image, 0, -1));
    }
    for (int copy = 0; kinds.contains(Kind.ROTATIONS) && copy < copies; copy++) {
      variants.add(ImageTransforms.rotate(image, (2 * random.nextDouble() - 1) * maxDegrees));
    }
    for (int copy = 0; kinds.contains(Kind.ELASTIC) && copy < copies; copy++) {
      variants.add(ImageTransforms.elastic(image, alpha, sigma, random));
    }
    return variants;
  }

  /** The examples in an order drawn from {@code random}. */
  private static Dataset shuffled(
      List<float[]> images, List<Integer> labels, int classes, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    float[][] shuffledImages = new float[order.size()][];
    int[] shuffledLabels = new int[order.size()];
    for (int i = 0; i < order.size(); i++) {
      shuffledImages[i] = images.get(order.get(i));
      shuffledLabels[i] = labels.get(order.get(i));
    }
    return new Dataset(shuffledImages, shuffledLabels, classes);
  }
}
