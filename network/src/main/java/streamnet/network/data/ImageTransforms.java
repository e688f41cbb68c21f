package streamnet.network.data;

import java.util.Random;

/**
 * Geometric transforms of square images stored row by row; each returns a new image.
 *
 * <p>Angles and Gaussians use {@link StrictMath} so that a seed gives the same pixels on every JVM.
 */
public final class ImageTransforms {

  private ImageTransforms() {}

  /** The image moved {@code down} rows and {@code right} columns, vacated pixels zero. */
  public static float[] shift(float[] image, int down, int right) {
    int side = side(image);
    float[] shifted = new float[image.length];
    for (int row = Math.max(0, down); row < Math.min(side, side + down); row++) {
      for (int column = Math.max(0, right); column < Math.min(side, side + right); column++) {
        shifted[row * side + column] = image[(row - down) * side + column - right];
      }
    }
    return shifted;
  }

  /** The image rotated counter-clockwise (as displayed) by {@code degrees} about its centre. */
  public static float[] rotate(float[] image, double degrees) {
    int side = side(image);
    double centre = (side - 1) / 2.0;
    double cos = StrictMath.cos(StrictMath.toRadians(degrees));
    double sin = StrictMath.sin(StrictMath.toRadians(degrees));
    float[] rotated = new float[image.length];
    for (int row = 0; row < side; row++) {
      for (int column = 0; column < side; column++) {
        // Inverse mapping: find where each output pixel comes from, rotating back by -degrees.
        double x = column - centre;
        double up = centre - row;
        double sourceColumn = centre + x * cos + up * sin;
        double sourceRow = centre - (-x * sin + up * cos);
        rotated[row * side + column] = sample(image, side, sourceRow, sourceColumn);
      }
    }
    return rotated;
  }

  /**
   * An elastic distortion (Simard, Steinkraus and Platt 2003): every pixel moves by a random
   * displacement, uniform in [-1, 1] per axis, smoothed by a Gaussian of std {@code sigma} and
   * scaled by {@code alpha}.
   */
  public static float[] elastic(float[] image, double alpha, double sigma, Random random) {
    int side = side(image);
    double[] down = smoothedField(side, sigma, random);
    double[] right = smoothedField(side, sigma, random);
    float[] distorted = new float[image.length];
    for (int row = 0; row < side; row++) {
      for (int column = 0; column < side; column++) {
        int p = row * side + column;
        float value = sample(image, side, row + alpha * down[p], column + alpha * right[p]);
        distorted[p] = Math.min(1f, Math.max(0f, value));
      }
    }
    return distorted;
  }

  /** The side of a square image. */
  private static int side(float[] image) {
    int side = (int) Math.round(Math.sqrt(image.length));
    if (side * side != image.length) {
      throw new IllegalArgumentException("image of " + image.length + " pixels is not square");
    }
    return side;
  }

  /** Bilinear interpolation at a fractional position; outside the image is zero. */
  private static float sample(float[] image, int side, double row, double column) {
    int top = (int) Math.floor(row);
    int left = (int) Math.floor(column);
    double fromTop = row - top;
    double fromLeft = column - left;
    double value =
        (1 - fromTop)
                * ((1 - fromLeft) * pixel(image, side, top, left)
                    + fromLeft * pixel(image, side, top, left + 1))
            + fromTop
                * ((1 - fromLeft) * pixel(image, side, top + 1, left)
                    + fromLeft * pixel(image, side, top + 1, left + 1));
    return (float) value;
  }

  private static float pixel(float[] image, int side, int row, int column) {
    boolean inside = row >= 0 && row < side && column >= 0 && column < side;
    return inside ? image[row * side + column] : 0f;
  }

  /** A field of uniform [-1, 1] values smoothed by a Gaussian; zero beyond the edges. */
  private static double[] smoothedField(int side, double sigma, Random random) {
    double[] field = new double[side * side];
    for (int p = 0; p < field.length; p++) {
      field[p] = 2 * random.nextDouble() - 1;
    }
    double[] kernel = gaussianKernel(sigma);
    // The Gaussian is separable: smoothing rows then columns equals the 2-D convolution.
    return convolve(convolve(field, side, kernel, false), side, kernel, true);
  }

  /** Normalised Gaussian weights for offsets -3 sigma .. 3 sigma. */
  private static double[] gaussianKernel(double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double sum = 0;
    for (int offset = -radius; offset <= radius; offset++) {
      kernel[offset + radius] = StrictMath.exp(-offset * offset / (2 * sigma * sigma));
      sum += kernel[offset + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    return kernel;
  }

  /**
   * Convolves a square field with a 1-D kernel across its columns (each row smoothed on its own)
   * or down its rows, offsets past the edges left out. The loops run offset by offset over whole
   * rows, which the JIT vectorizes; every output still adds its offsets in ascending order from
   * zero, so the sums are those of the textbook loop to the bit, several times faster (the
   * producer distorts every example it streams).
   */
  private static double[] convolve(double[] field, int side, double[] kernel, boolean down) {
    int radius = kernel.length / 2;
    double[] result = new double[field.length];
    for (int offset = -radius; offset <= radius; offset++) {
      double weight = kernel[offset + radius];
      int from = Math.max(0, -offset);
      int to = Math.min(side, side - offset);
      if (down) {
        for (int row = from; row < to; row++) {
          addScaled(result, row * side, field, (row + offset) * side, side, weight);
        }
      } else {
        for (int row = 0; row < side; row++) {
          addScaled(result, row * side + from, field, row * side + from + offset, to - from, weight);
        }
      }
    }
    return result;
  }

  /** target[to + i] += weight · source[from + i] for i below {@code length}. */
  private static void addScaled(double[] target, int to, double[] source, int from, int length, double weight) {
    for (int i = 0; i < length; i++) {
      target[to + i] += weight * source[from + i];
    }
  }
}
