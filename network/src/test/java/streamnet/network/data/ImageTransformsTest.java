package streamnet.network.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTransformsTest {
  static final int SIDE = 28;

  static float[] onePixel(int row, int column) {
    float[] image = new float[SIDE * SIDE];
    image[row * SIDE + column] = 1f;
    return image;
  }

  static float at(float[] image, int row, int column) {
    return image[row * SIDE + column];
  }

  @Test
  void shiftMovesEveryPixelByOne() {
    float[] image = Fixtures.dataset(1, SIDE, 3).image(0);

    float[] down = ImageTransforms.shift(image, 1, 0);
    float[] up = ImageTransforms.shift(image, -1, 0);
    float[] right = ImageTransforms.shift(image, 0, 1);
    float[] left = ImageTransforms.shift(image, 0, -1);

    for (int row = 1; row < SIDE - 1; row++) {
      for (int column = 1; column < SIDE - 1; column++) {
        float pixel = at(image, row, column);
        assertThat(at(down, row + 1, column)).isEqualTo(pixel);
        assertThat(at(up, row - 1, column)).isEqualTo(pixel);
        assertThat(at(right, row, column + 1)).isEqualTo(pixel);
        assertThat(at(left, row, column - 1)).isEqualTo(pixel);
      }
    }
  }

  @Test
  void shiftZeroesTheRowOrColumnThatWouldWrapAround() {
    float[] image = new float[SIDE * SIDE];
    Arrays.fill(image, 1f);

    float[] down = ImageTransforms.shift(image, 1, 0);
    float[] up = ImageTransforms.shift(image, -1, 0);
    float[] right = ImageTransforms.shift(image, 0, 1);
    float[] left = ImageTransforms.shift(image, 0, -1);

    for (int i = 0; i < SIDE; i++) {
      assertThat(at(down, 0, i)).isZero();
      assertThat(at(up, SIDE - 1, i)).isZero();
      assertThat(at(right, i, 0)).isZero();
      assertThat(at(left, i, SIDE - 1)).isZero();
    }
    assertThat(sum(down)).isEqualTo(SIDE * (SIDE - 1));
  }

  @Test
  void rotationByZeroIsIdentity() {
    float[] image = Fixtures.dataset(1, SIDE, 4).image(0);

    assertThat(ImageTransforms.rotate(image, 0)).containsExactly(image);
  }

  @Test
  void rotationByNinetyTurnsCounterClockwise() {
    // About the centre (13.5, 13.5): 6.5 right and 11.5 up becomes 11.5 left and 6.5 up.
    float[] rotated = ImageTransforms.rotate(onePixel(2, 20), 90);

    assertThat(at(rotated, 7, 2)).isCloseTo(1f, within(1e-5f));
    assertThat(sum(rotated)).isCloseTo(1f, within(1e-5f));
  }

  @Test
  void elasticWithZeroAlphaIsIdentity() {
    float[] image = Fixtures.dataset(1, SIDE, 5).image(0);

    assertThat(ImageTransforms.elastic(image, 0, 4, new Random(1))).containsExactly(image);
  }

  /**
   * The distortion against Simard et al.'s recipe written the plain way (a uniform field per axis,
   * a 2-D Gaussian smoothing as one 1-D pass per axis that tests every offset, bilinear sampling):
   * the same pixels to the bit for several seeds and σ, so a smoothing pass that shifts, drops or
   * reorders an offset, or mishandles an edge, fails here.
   */
  @Test
  void elasticEqualsThePlainRecipeToTheBit() {
    float[] image = Fixtures.dataset(1, SIDE, 9).image(0);
    for (double sigma : new double[] {1, 4, 6}) {
      for (long seed = 1; seed <= 3; seed++) {
        assertThat(ImageTransforms.elastic(image, 34, sigma, new Random(seed)))
            .containsExactly(plainElastic(image, 34, sigma, new Random(seed)));
      }
    }
  }

  private static float[] plainElastic(float[] image, double alpha, double sigma, Random random) {
    double[] down = plainSmoothedField(sigma, random);
    double[] right = plainSmoothedField(sigma, random);
    float[] distorted = new float[image.length];
    for (int row = 0; row < SIDE; row++) {
      for (int column = 0; column < SIDE; column++) {
        double r = row + alpha * down[row * SIDE + column];
        double c = column + alpha * right[row * SIDE + column];
        int top = (int) Math.floor(r);
        int left = (int) Math.floor(c);
        double fromTop = r - top;
        double fromLeft = c - left;
        double value = (1 - fromTop) * ((1 - fromLeft) * plainPixel(image, top, left) + fromLeft * plainPixel(image, top, left + 1))
            + fromTop * ((1 - fromLeft) * plainPixel(image, top + 1, left) + fromLeft * plainPixel(image, top + 1, left + 1));
        distorted[row * SIDE + column] = Math.min(1f, Math.max(0f, (float) value));
      }
    }
    return distorted;
  }

  private static float plainPixel(float[] image, int row, int column) {
    return row >= 0 && row < SIDE && column >= 0 && column < SIDE ? image[row * SIDE + column] : 0f;
  }

  private static double[] plainSmoothedField(double sigma, Random random) {
    double[] field = new double[SIDE * SIDE];
    for (int p = 0; p < field.length; p++) {
      field[p] = 2 * random.nextDouble() - 1;
    }
    int radius = (int) Math.ceil(3 * sigma);
    double[] kernel = new double[2 * radius + 1];
    double total = 0;
    for (int offset = -radius; offset <= radius; offset++) {
      kernel[offset + radius] = StrictMath.exp(-offset * offset / (2 * sigma * sigma));
      total += kernel[offset + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= total;
    }
    return plainConvolve(plainConvolve(field, kernel, 0, 1), kernel, 1, 0);
  }

  private static double[] plainConvolve(double[] field, double[] kernel, int rowStep, int columnStep) {
    int radius = kernel.length / 2;
    double[] result = new double[field.length];
    for (int row = 0; row < SIDE; row++) {
      for (int column = 0; column < SIDE; column++) {
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
          int r = row + k * rowStep;
          int c = column + k * columnStep;
          if (r >= 0 && r < SIDE && c >= 0 && c < SIDE) {
            sum += kernel[k + radius] * field[r * SIDE + c];
          }
        }
        result[row * SIDE + column] = sum;
      }
    }
    return result;
  }

  @Test
  void elasticIsReproducibleForASeedAndStaysInUnitInterval() {
    float[] image = Fixtures.dataset(1, SIDE, 6).image(0);

    float[] first = ImageTransforms.elastic(image, 34, 4, new Random(7));
    float[] again = ImageTransforms.elastic(image, 34, 4, new Random(7));
    float[] other = ImageTransforms.elastic(image, 34, 4, new Random(8));

    assertThat(again).containsExactly(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(first).isNotEqualTo(image);
    for (float pixel : first) {
      assertThat(pixel).isBetween(0f, 1f);
    }
  }

  private static float sum(float[] image) {
    float sum = 0;
    for (float pixel : image) {
      sum += pixel;
    }
    return sum;
  }
}
