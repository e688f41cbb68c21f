package streamnet.network;

/**
 * The loops every training step spends its time in. Weights are stored transposed, one row per
 * input neuron ({@code w[in][out]}), so each inner loop runs over a whole 0-based row: the JIT
 * vectorizes those. Rows of inputs that are 0 (about 80 % of MNIST's pixels) are skipped: each
 * example's nonzero positions are listed once and serve both the forward pass and the weight
 * gradients. Rows are short (10 to 100 floats), so rows go four at a time through one loop. A
 * benchmark chose these over EJML's general {@code mult} (see docs/performance.md).
 */
final class Kernels {
  private Kernels() {}

  /** z = b + Σ_i in[i] · w[i]: a layer's weighted input for one example. */
  static void weightedInput(float[] in, float[][] w, float[] b, float[] z) {
    System.arraycopy(b, 0, z, 0, z.length);
    for (int i = 0; i < in.length; i++) {
      float v = in[i];
      if (v != 0f) {
        axpy(v, w[i], z);
      }
    }
  }

  /** z = b + Σ in[i] · w[i] over the first {@code count} {@code positions}: in's nonzero entries. */
  static void weightedInput(float[] in, int[] positions, int count, float[][] w, float[] b, float[] z) {
    System.arraycopy(b, 0, z, 0, z.length);
    addScaledRows(positions, count, in, w, z);
  }

  /**
   * y += Σ scales[s] · rows[s] for s in the first {@code count} {@code selected}, in that order.
   * Rows go four at a time through one pass over y, which short rows (10 to 100 floats) need to
   * vectorize well; left-to-right addition keeps the result bit for bit that of single rows.
   */
  static void addScaledRows(int[] selected, int count, float[] scales, float[][] rows, float[] y) {
    int k = 0;
    for (; k + 4 <= count; k += 4) {
      int s0 = selected[k], s1 = selected[k + 1], s2 = selected[k + 2], s3 = selected[k + 3];
      axpy4(scales[s0], rows[s0], scales[s1], rows[s1], scales[s2], rows[s2], scales[s3], rows[s3], y);
    }
    for (; k < count; k++) {
      axpy(scales[selected[k]], rows[selected[k]], y);
    }
  }

  /**
   * rows[s] += scales[s] · x for s in the first {@code count} {@code selected}: one pass over x for
   * four rows at a time, each row receiving the same single addition as from {@link #axpy}.
   */
  static void addScaledToRows(float[] x, int[] selected, int count, float[] scales, float[][] rows) {
    int k = 0;
    for (; k + 4 <= count; k += 4) {
      int s0 = selected[k], s1 = selected[k + 1], s2 = selected[k + 2], s3 = selected[k + 3];
      axpyEach(x, scales[s0], rows[s0], scales[s1], rows[s1], scales[s2], rows[s2], scales[s3], rows[s3]);
    }
    for (; k < count; k++) {
      axpy(scales[selected[k]], x, rows[selected[k]]);
    }
  }

  /** y += a0·x0 + a1·x1 + a2·x2 + a3·x3, added left to right as four {@link #axpy} calls would. */
  private static void axpy4(
      float a0, float[] x0, float a1, float[] x1, float a2, float[] x2, float a3, float[] x3, float[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] = y[j] + a0 * x0[j] + a1 * x1[j] + a2 * x2[j] + a3 * x3[j];
    }
  }

  /** y0 += a0·x, y1 += a1·x, y2 += a2·x and y3 += a3·x in one pass over x. */
  private static void axpyEach(
      float[] x, float a0, float[] y0, float a1, float[] y1, float a2, float[] y2, float a3, float[] y3) {
    for (int j = 0; j < x.length; j++) {
      float v = x[j];
      y0[j] += a0 * v;
      y1[j] += a1 * v;
      y2[j] += a2 * v;
      y3[j] += a3 * v;
    }
  }

  /** Writes the indices of {@code values}' nonzero entries into {@code positions}; returns how many. */
  static int nonzeroPositions(float[] values, int[] positions) {
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      positions[count] = i;
      count += values[i] != 0f ? 1 : 0; // the index stays only if its value is nonzero
    }
    return count;
  }

  /** y += s · x. */
  static void axpy(float s, float[] x, float[] y) {
    for (int j = 0; j < y.length; j++) {
      y[j] += s * x[j];
    }
  }

  /** Σ_j x[j] · y[j]. */
  static float dot(float[] x, float[] y) {
    float sum = 0f;
    for (int j = 0; j < x.length; j++) {
      sum += x[j] * y[j];
    }
    return sum;
  }

  /** Index of the largest value (the first, on ties). */
  static int argmax(float[] values) {
    int best = 0;
    for (int j = 1; j < values.length; j++) {
      if (values[j] > values[best]) {
        best = j;
      }
    }
    return best;
  }
}
