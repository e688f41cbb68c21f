package streamnet.network;

import java.util.Arrays;

/**
 * A feed-forward network's parameters: for each layer l, weights {@code w[l][in][out]} (network2's
 * matrix transposed, see {@link Kernels}) and biases {@code b[l][out]}.
 */
public final class Network {
  private final Architecture architecture;
  private final float[][][] weights;
  private final float[][] biases;
  private final Activation[] activations;

  private Network(Architecture architecture, float[][][] weights, float[][] biases) {
    this.architecture = architecture;
    this.activations = architecture.activations();
    this.weights = weights;
    this.biases = biases;
  }

  /** A new network with parameters drawn by {@code initializer}. */
  public static Network create(Architecture architecture, WeightInitializer initializer, Rng rng) {
    Network network = zeros(architecture);
    for (int l = 0; l < network.weights.length; l++) {
      initializer.initialize(network.weights[l], network.biases[l], rng);
    }
    return network;
  }

  /** A network of the given shape with every parameter 0. */
  public static Network zeros(Architecture architecture) {
    int[] sizes = architecture.sizes();
    float[][][] weights = new float[sizes.length - 1][][];
    float[][] biases = new float[sizes.length - 1][];
    for (int l = 0; l < weights.length; l++) {
      weights[l] = new float[sizes[l]][sizes[l + 1]];
      biases[l] = new float[sizes[l + 1]];
    }
    return new Network(architecture, weights, biases);
  }

  public Architecture architecture() {
    return architecture;
  }

  /** Number of weight layers (layers − 1). */
  public int depth() {
    return weights.length;
  }

  /** The live weight rows of layer l, {@code [in][out]}; changes write through. */
  public float[][] weights(int layer) {
    return weights[layer];
  }

  /** The live biases of layer l; changes write through. */
  public float[] biases(int layer) {
    return biases[layer];
  }

  /** The network's output for input {@code x}. */
  public float[] feedforward(float[] x) {
    float[] in = x;
    for (int l = 0; l < weights.length; l++) {
      float[] a = new float[biases[l].length];
      Kernels.weightedInput(in, weights[l], biases[l], a);
      activations[l].apply(a, a);
      in = a;
    }
    return in;
  }

  /**
   * The class the network picks for one of its outputs: the index of the largest activation (the
   * first, on ties), as {@link Evaluation} counts a correct answer.
   */
  public static int predictedClass(float[] output) {
    return Kernels.argmax(output);
  }

  /** Total number of weights and biases. */
  public int parameterCount() {
    return architecture.parameterCount();
  }

  /** All parameters in one array: per layer, weight rows then biases. */
  public float[] toFlat() {
    float[] flat = new float[parameterCount()];
    int k = 0;
    for (int l = 0; l < weights.length; l++) {
      for (float[] row : weights[l]) {
        System.arraycopy(row, 0, flat, k, row.length);
        k += row.length;
      }
      System.arraycopy(biases[l], 0, flat, k, biases[l].length);
      k += biases[l].length;
    }
    return flat;
  }

  /** Overwrites all parameters from an array laid out as {@link #toFlat()} writes it. */
  public void setFlat(float[] flat) {
    if (flat.length != parameterCount()) {
      throw new IllegalArgumentException(
          "expected " + parameterCount() + " parameters, got " + flat.length);
    }
    int k = 0;
    for (int l = 0; l < weights.length; l++) {
      for (float[] row : weights[l]) {
        System.arraycopy(flat, k, row, 0, row.length);
        k += row.length;
      }
      System.arraycopy(flat, k, biases[l], 0, biases[l].length);
      k += biases[l].length;
    }
  }

  /**
   * Moves every parameter p to {@code target + (p − origin)}, both arrays laid out as
   * {@link #toFlat()} writes them: keeps what was learned since {@code origin} on top of
   * {@code target}, in place.
   */
  public void rebase(float[] target, float[] origin) {
    if (target.length != parameterCount() || origin.length != parameterCount()) {
      throw new IllegalArgumentException("expected " + parameterCount() + " parameters, got "
          + target.length + " and " + origin.length);
    }
    int k = 0;
    for (int l = 0; l < weights.length; l++) {
      for (float[] row : weights[l]) {
        k = rebase(row, target, origin, k);
      }
      k = rebase(biases[l], target, origin, k);
    }
  }

  private static int rebase(float[] values, float[] target, float[] origin, int offset) {
    for (int j = 0; j < values.length; j++) {
      values[j] = target[offset + j] + (values[j] - origin[offset + j]);
    }
    return offset + values.length;
  }

  /** A network of the same architecture from a flat parameter array. */
  public static Network fromFlat(Architecture architecture, float[] flat) {
    Network network = zeros(architecture);
    network.setFlat(flat);
    return network;
  }

  /** An independent copy. */
  public Network copy() {
    return fromFlat(architecture, toFlat());
  }

  /** Whether every parameter is a finite number (a diverged run has NaN or infinite ones). */
  public boolean isFinite() {
    for (float v : toFlat()) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Network other
        && architecture.equals(other.architecture)
        && Arrays.equals(toFlat(), other.toFlat());
  }

  @Override
  public int hashCode() {
    return 31 * architecture.hashCode() + Arrays.hashCode(toFlat());
  }
}
