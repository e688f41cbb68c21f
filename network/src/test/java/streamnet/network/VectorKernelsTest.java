package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link VectorKernels#multiplyAdd} against the same sum in double, on shapes that reach every
 * block of the kernel: widths below one vector (plain loops), whole vectors, pairs of vectors and a
 * partial last vector; row counts that are and are not multiples of the four-row block; depths of
 * one and more. c starts nonzero, so a block that forgot to add to what c held also fails.
 */
class VectorKernelsTest {
  private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 10};
  private static final int[] WIDTHS = {3, 8, 10, 15, 16, 17, 24, 30, 33};
  private static final int[] DEPTHS = {1, 6, 13};

  static Stream<Arguments> shapes() {
    List<Arguments> shapes = new ArrayList<>();
    for (int rows : ROWS) {
      for (int width : WIDTHS) {
        for (int depth : DEPTHS) {
          shapes.add(Arguments.of(rows, width, depth));
        }
      }
    }
    return shapes.stream();
  }

  @ParameterizedTest(name = "{0} rows, width {1}, depth {2}")
  @MethodSource("shapes")
  void multiplyAddMatchesTheSumInDouble(int rows, int width, int depth) {
    Rng rng = new Rng(rows * 1000L + width * 10L + depth);
    // Rows longer than needed: the kernel must keep to `rows`, `depth` and c's width.
    float[][] a = random(rows + 2, depth + 3, rng);
    float[][] b = random(depth + 2, width + 5, rng);
    float[][] c = random(rows + 2, width, rng);
    float[][] before = copy(c);

    VectorKernels.multiplyAdd(a, rows, b, depth, c);

    for (int r = 0; r < c.length; r++) {
      for (int j = 0; j < width; j++) {
        double expected = before[r][j];
        if (r < rows) {
          for (int k = 0; k < depth; k++) {
            expected += (double) a[r][k] * b[k][j];
          }
        }
        assertThat((double) c[r][j]).as("c[%d][%d]", r, j).isCloseTo(expected, Offset.offset(1e-5));
      }
    }
  }

  private static float[][] random(int rows, int width, Rng rng) {
    float[][] m = new float[rows][width];
    for (float[] row : m) {
      for (int j = 0; j < width; j++) {
        row[j] = (float) (rng.nextDouble() * 2 - 1);
      }
    }
    return m;
  }

  private static float[][] copy(float[][] m) {
    float[][] copy = new float[m.length][];
    for (int r = 0; r < m.length; r++) {
      copy[r] = m[r].clone();
    }
    return copy;
  }
}
