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
