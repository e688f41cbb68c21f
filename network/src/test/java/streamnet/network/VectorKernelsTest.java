package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link VectorKernels#multiplyAdd} and {@link VectorKernels#descend} against the same sums in
 * double, on shapes that reach every block of the kernels: widths below one vector (plain loops),
 * whole vectors, pairs of vectors and a partial last vector; row counts that are and are not
 * multiples of the four-row block; depths (batch sizes) of one and more. c starts nonzero, so a
 * block that forgot to add to what c held also fails; w and v start nonzero, so a lane stepped
 * twice or not at all fails. Then the nonzero count and the sigmoid, on partial vectors too.
 */
class VectorKernelsTest {
  private static final int[] ROWS = {1, 2, 3, 4, 5, 7, 10};
  private static final int[] WIDTHS = {3, 8, 10, 15, 16, 17, 24, 25, 30, 32, 33, 50, 64};
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

  /**
   * Shapes like the networks' layers, where {@link VectorKernels#descend} goes through many
   * blocks of rows and of column pairs, with odd row counts, widths that end in a partial vector
   * and batches of 10 and 100.
   */
  static Stream<Arguments> layerShapes() {
    return Stream.of(Arguments.of(37, 100, 100), Arguments.of(23, 801, 10), Arguments.of(101, 10, 100),
        Arguments.of(30, 30, 10));
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

  /**
   * Every update rule (plain SGD and momentum, each with no, L2 and L1 regularization) from the
   * gradient Σ_e x[e][i] · δ[e][j] summed in double, for rows of w below {@code rows} (of x's
   * longer rows) and the first {@code m} examples of larger x and δ.
   */
  @ParameterizedTest(name = "{0} rows, width {1}, batch {2}")
  @MethodSource({"shapes", "layerShapes"})
  void descendStepsEveryWeightOnceByTheSumInDouble(int rows, int width, int m) {
    Rng rng = new Rng(rows * 1000L + width * 10L + m + 7);
    float[][] x = random(m + 2, rows + 3, rng);
    float[][] delta = random(m + 2, width + 5, rng);
    for (Regularization regularization : Regularization.values()) {
      for (boolean momentum : new boolean[] {false, true}) {
        Updates.Step step = new Updates.Step(regularization, 0.5f, 1f / m, 0.01f, 0.7f);
        float[][] w = random(rows, width, rng);
        float[][] v = momentum ? random(rows, width, rng) : null;
        float[][] wBefore = copy(w);
        float[][] vBefore = momentum ? copy(v) : null;

        VectorKernels.descend(step, x, m, delta, w, v);

        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < width; j++) {
            double g = 0;
            for (int e = 0; e < m; e++) {
              g += (double) x[e][i] * delta[e][j];
            }
            double weight = wBefore[i][j];
            double gradient = g / m + switch (regularization) {
              case NONE -> 0;
              case L2 -> 0.01 * weight;
              case L1 -> 0.01 * Math.signum(weight);
            };
            String where = String.format("%s, momentum %b, w[%d][%d]", regularization, momentum, i, j);
            if (momentum) {
              double velocity = 0.7 * vBefore[i][j] - 0.5 * gradient;
              assertThat((double) v[i][j]).as("v of " + where).isCloseTo(velocity, Offset.offset(1e-5));
              assertThat((double) w[i][j]).as(where).isCloseTo(weight + velocity, Offset.offset(1e-5));
            } else {
              assertThat((double) w[i][j]).as(where).isCloseTo(weight - 0.5 * gradient, Offset.offset(1e-5));
            }
          }
        }
      }
    }
  }

  /**
   * Only the first m rows count, and every entry of them, in whole vectors and in the tail; with
   * a count that is enough, it stops after the row that reaches it.
   */
  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {1, 7, 8, 9, 16, 30, 33, 784})
  void countNonzeroCountsTheFirstRowsEntries(int width) {
    Rng rng = new Rng(width);
    float[][] rows = new float[5][width];
    long[] upTo = new long[rows.length + 1];
    for (int r = 0; r < rows.length; r++) {
      upTo[r + 1] = upTo[r];
      for (int j = 0; j < width; j++) {
        rows[r][j] = rng.nextDouble() < 0.4 ? 0f : (float) rng.nextDouble() + 0.5f;
        if (rows[r][j] != 0f) {
          upTo[r + 1]++;
        }
      }
    }
    assertThat(VectorKernels.countNonzero(rows, 4, Long.MAX_VALUE)).isEqualTo(upTo[4]);
    for (long enough = 0; enough <= upTo[4]; enough++) {
      assertThat(VectorKernels.countNonzero(rows, 4, enough)).as("enough %d", enough)
          .isEqualTo(countAfterTheRowThatReaches(upTo, 4, enough));
    }
  }

  /** upTo[r] counts rows below r: the count after the first row that brings it to enough, or all m rows'. */
  private static long countAfterTheRowThatReaches(long[] upTo, int m, long enough) {
    int r = 0;
    while (r < m && upTo[r] < enough) {
      r++;
    }
    return upTo[r];
  }

  /** σ(z) within float rounding of the double formula, whole vectors and tail, saturating without NaN. */
  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {1, 7, 8, 9, 16, 30, 33})
  void sigmoidMatchesTheDoubleFormula(int width) {
    Rng rng = new Rng(width + 100);
    float[] z = new float[width];
    for (int j = 0; j < width; j++) {
      z[j] = (float) ((rng.nextDouble() * 2 - 1) * (j % 5 == 4 ? 200 : 8));
    }
    float[] a = z.clone();

    VectorKernels.sigmoid(a);

    for (int j = 0; j < width; j++) {
      double expected = 1.0 / (1.0 + Math.exp(-z[j]));
      assertThat((double) a[j]).as("sigma(%s)", z[j]).isCloseTo(expected, Offset.offset(1e-6 * expected + 1e-30));
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
