package streamnet.network;

/**
 * The loops every training step spends its time in. Weights are stored transposed, one row per
 * input neuron ({@code w[in][out]}), so each inner loop runs over a whole 0-based row: the JIT
 * vectorizes those, and rows of inputs that are 0 (about 80 % of MNIST's pixels) are skipped. A
 * training step lists each example's nonzero positions once and reuses them for the forward pass
 * and the weight gradients.
 * A benchmark chose these over EJML's general {@code mult} (see docs/performance.md).
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
    for (int k = 0; k < count; k++) {
      int i = positions[k];
      axpy(in[i], w[i], z);
    }
  }

  /** Writes the indices of {@code values}' nonzero entries into {@code positions}; returns how many. */
  static int nonzeroPositions(float[] values, int[] positions) {
    int count = 0;
    for (int i = 0; i < values.length; i++) {
      positions[count] = i;
      count += values[i] != 0f ? 1 : 0; // branch-free: MNIST's zeros are too scattered to predict
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
