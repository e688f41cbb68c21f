package streamnet.network;

import java.io.Serializable;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape of a feed-forward network: layer sizes, one activation per non-input layer, and the
 * cost. Validated on construction, so every network built from it can be trained.
 */
public record Architecture(int[] sizes, Activation[] activations, Cost cost)
    implements Serializable {

  public Architecture {
    sizes = sizes.clone();
    activations = activations.clone();
    if (sizes.length < 2) {
      throw new IllegalArgumentException("a network needs at least two layers, got " + sizes.length);
    }
    for (int size : sizes) {
      if (size < 1) {
        throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(sizes));
      }
    }
    if (activations.length != sizes.length - 1) {
      throw new IllegalArgumentException(
          "need one activation per non-input layer (" + (sizes.length - 1) + "), got "
              + activations.length);
    }
    for (int l = 0; l < activations.length - 1; l++) {
      if (!activations[l].allowedInHiddenLayer()) {
        throw new IllegalArgumentException(activations[l].id() + " is for the output layer only");
      }
    }
    Activation output = activations[activations.length - 1];
    if (output != Activation.SIGMOID && output != Activation.SOFTMAX && output != Activation.LINEAR) {
      throw new IllegalArgumentException(
          "output layer must be sigmoid, softmax or linear, got " + output.id());
    }
    if (!cost.supports(output)) {
      throw new IllegalArgumentException(
          cost.id() + " cost is not defined for " + output.id() + " outputs");
    }
  }

  /** network2's network: sigmoid neurons everywhere, the given cost. */
  public static Architecture sigmoid(Cost cost, int... sizes) {
    Activation[] activations = new Activation[sizes.length - 1];
    Arrays.fill(activations, Activation.SIGMOID);
    return new Architecture(sizes, activations, cost);
  }

  /** The same hidden activation on every hidden layer, then {@code output}. */
  public static Architecture of(int[] sizes, Activation hidden, Activation output, Cost cost) {
    Activation[] activations = new Activation[sizes.length - 1];
    Arrays.fill(activations, hidden);
    activations[activations.length - 1] = output;
    return new Architecture(sizes, activations, cost);
  }

  /** The same network with {@code neurons} neurons in every hidden layer. */
  public Architecture withHiddenSize(int neurons) {
    if (sizes.length < 3) {
      throw new IllegalArgumentException("a network without hidden layers has no hidden size to vary");
    }
    int[] resized = sizes.clone();
    Arrays.fill(resized, 1, resized.length - 1, neurons);
    return new Architecture(resized, activations, cost);
  }

  /** Total number of weights and biases of a network of this shape. */
  public int parameterCount() {
    int count = 0;
    for (int l = 1; l < sizes.length; l++) {
      count += sizes[l - 1] * sizes[l] + sizes[l];
    }
    return count;
  }

  public int layers() {
    return sizes.length;
  }

  public int inputSize() {
    return sizes[0];
  }

  public int outputSize() {
    return sizes[sizes.length - 1];
  }

  public Activation output() {
    return activations[activations.length - 1];
  }

  @Override
  public int[] sizes() {
    return sizes.clone();
  }

  @Override
  public Activation[] activations() {
    return activations.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture other
        && Arrays.equals(sizes, other.sizes)
        && Arrays.equals(activations, other.activations)
        && cost == other.cost;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(sizes) + Arrays.hashCode(activations)) + cost.hashCode();
  }

  @Override
  public String toString() {
    return Arrays.stream(sizes).mapToObj(String::valueOf).collect(Collectors.joining(",", "[", "]"))
        + " " + Arrays.stream(activations).map(Activation::id).collect(Collectors.joining(","))
        + " " + cost.id();
  }
}
