package streamnet.network;

import java.util.Arrays;

/**
 * One replica's stochastic gradient descent: backpropagation over a whole mini-batch at once (the
 * chapter's matrix-based approach), then the update with L1/L2 regularization, momentum and
 * dropout. Each layer's products go through the zero-skipping row loops of {@link Kernels} or, when
 * the layer's inputs in the mini-batch are mostly nonzero and the JVM has the Vector API, through
 * the matrix products of {@link VectorKernels} ({@link KernelChoice}). A dense layer's weight
 * gradients are never stored: {@link VectorKernels#descend} forms them block by block inside the
 * update, so each weight is read and written once per step. Owns its buffers; not thread-safe.
 */
public final class MiniBatchTrainer {
  private final Network network;
  private final Activation[] activations;
  private final Cost cost;
  private final int depth;
  private final int capacity;
  private Hyperparameters hyper;
  private final Rng rng;
  private final KernelChoice kernels;

  /** Activations per layer and example, {@code [l][e][out]}; dropped neurons already zeroed. */
  private final float[][][] outputs;
  /** Per layer and example, the positions of the layer's nonzero inputs: the only rows that count. */
  private final int[][][] nonzero;
  /** How many entries of each {@link #nonzero} row are in use. */
  private final int[][] nonzeroCounts;
  /** Per layer, whether the last forward pass took the dense products (and so must the gradients). */
  private final boolean[] dense;
  /** The inputs of the last batch's first layer, which a dense first layer's update reads again. */
  private float[][] batchInputs;
  /** Errors dC/dz per layer and example. */
  private final float[][][] deltas;
  /** Dropout multipliers per hidden layer and example: 0 or 1/(1 − p). */
  private final float[][][] masks;
  private final float[][][] weightGradients;
  private final float[][] biasGradients;
  /** Layer l's weights transposed (out × in), for sending its errors back with the Vector API; null for layer 0. */
  private final float[][][] transposedWeights;
  /** Momentum velocities shaped like the network (null for plain SGD). */
  private final Network velocity;
  private final float[] scratch;

  /**
   * A trainer that updates {@code network} in place, with mini-batches of at most {@code capacity}
   * examples; {@code rng} draws the dropout masks.
   */
  public MiniBatchTrainer(Network network, Hyperparameters hyper, int capacity, Rng rng) {
    this(network, hyper, capacity, rng, KernelChoice.standard());
  }

  /** As the public constructor, with the kernels chosen by {@code kernels} (tests and benchmarks). */
  MiniBatchTrainer(Network network, Hyperparameters hyper, int capacity, Rng rng, KernelChoice kernels) {
    if (kernels != KernelChoice.SPARSE && !KernelChoice.VECTOR_API) {
      throw new IllegalStateException(kernels + " kernels need the JVM flag --add-modules jdk.incubator.vector");
    }
    this.kernels = kernels;
    this.network = network;
    Architecture architecture = network.architecture();
    this.activations = architecture.activations();
    this.cost = architecture.cost();
    this.depth = network.depth();
    this.capacity = capacity;
    this.hyper = hyper;
    this.rng = rng;
    int[] sizes = architecture.sizes();
    outputs = new float[depth][capacity][];
    nonzero = new int[depth][capacity][];
    nonzeroCounts = new int[depth][capacity];
    dense = new boolean[depth];
    deltas = new float[depth][capacity][];
    masks = new float[depth - 1][capacity][];
    weightGradients = new float[depth][][];
    biasGradients = new float[depth][];
    transposedWeights = new float[depth][][];
    for (int l = 0; l < depth; l++) {
      int out = sizes[l + 1];
      for (int e = 0; e < capacity; e++) {
        nonzero[l][e] = new int[sizes[l]];
        outputs[l][e] = new float[out];
        deltas[l][e] = new float[out];
        if (l < depth - 1) {
          masks[l][e] = new float[out];
        }
      }
      weightGradients[l] = new float[sizes[l]][out];
      if (l > 0 && kernels.vectorApi()) {
        transposedWeights[l] = new float[out][sizes[l]];
      }
      biasGradients[l] = new float[out];
    }
    velocity = hyper.momentum() > 0 ? Network.zeros(architecture) : null;
    scratch = new float[architecture.outputSize()];
  }

  public Network network() {
    return network;
  }

  public Hyperparameters hyperparameters() {
    return hyper;
  }

  /** Changes the learning rate for the following steps (a schedule's halving). */
  public void setEta(double eta) {
    hyper = hyper.withEta(eta);
  }

  /** The momentum velocity (null for plain SGD); part of a replica's state. */
  public Network velocity() {
    return velocity;
  }

  /**
   * Test-then-train: scores the first {@code m} examples with the parameters as they are, in
   * inference mode (no dropout), then takes the gradient step on them. Without dropout the
   * training forward pass runs before the update and is that inference pass, so its outputs are
   * scored and nothing is computed twice; with dropout a forward pass without masks comes first.
   */
  public BatchScore testThenTrain(float[][] xs, float[][] ys, int m) {
    if (hyper.dropout() > 0) {
      feedforward(xs, m, Masks.OFF);
      BatchScore score = new BatchScore(lastBatchCost(ys, m), lastBatchCorrect(ys, m));
      train(xs, ys, m);
      return score;
    }
    train(xs, ys, m);
    return new BatchScore(lastBatchCost(ys, m), lastBatchCorrect(ys, m));
  }

  /** A batch's predictions scored against its labels: summed cost (no regularization) and correct count. */
  public record BatchScore(double costSum, int correct) {}

  /** One gradient-descent step on the first {@code m} examples of {@code xs} with targets {@code ys}. */
  public void train(float[][] xs, float[][] ys, int m) {
    computeErrors(xs, ys, m);
    update(m);
  }

  /**
   * The forward pass and every layer's errors δ for the batch, with Σ over the batch of ∂C_x/∂b
   * into the bias gradients and, for the layers that took the row loops, of ∂C_x/∂w into the weight
   * gradients (buffers that must start at 0). The dense layers' weight gradients are formed by
   * {@link #update}, from the inputs and errors kept here.
   */
  void computeErrors(float[][] xs, float[][] ys, int m) {
    if (m < 1 || m > capacity) {
      throw new IllegalArgumentException("mini-batch of " + m + " outside 1.." + capacity);
    }
    feedforward(xs, m, Masks.DRAW);
    batchInputs = xs;
    Activation output = activations[depth - 1];
    for (int e = 0; e < m; e++) {
      cost.delta(outputs[depth - 1][e], ys[e], output, scratch, deltas[depth - 1][e]);
    }
    for (int l = depth - 1; l >= 0; l--) {
      accumulateBiasGradients(l, m);
      if (!dense[l]) {
        accumulateSparseWeightGradients(l, inputs(l), m);
      }
      if (l > 0) {
        backpropagate(l, m);
      }
    }
  }

  /** Layer l's inputs in the last batch. */
  private float[][] inputs(int l) {
    return l == 0 ? batchInputs : outputs[l - 1];
  }

  /** What a forward pass does with the dropout masks. */
  private enum Masks {
    /** Draws new masks (training). */
    DRAW,
    /** Applies the last batch's masks again. */
    REUSE,
    /** Drops nothing (inference, as evaluation scores the network). */
    OFF
  }

  /**
   * Forward pass of the batch, with dropout as {@code dropout} says. The share of each layer's
   * nonzero inputs picks its kernels for this batch; the row loops then list every example's
   * nonzero inputs, which serve the forward pass and the weight gradients.
   */
  private void feedforward(float[][] xs, int m, Masks dropout) {
    for (int l = 0; l < depth; l++) {
      float[][] inputs = l == 0 ? xs : outputs[l - 1];
      float[][] w = network.weights(l);
      float[] b = network.biases(l);
      dense[l] = kernels.dense(inputs, m, w.length);
      if (dense[l]) {
        for (int e = 0; e < m; e++) {
          System.arraycopy(b, 0, outputs[l][e], 0, b.length);
        }
        VectorKernels.multiplyAdd(inputs, m, w, w.length, outputs[l]);
      } else {
        for (int e = 0; e < m; e++) {
          nonzeroCounts[l][e] = Kernels.nonzeroPositions(inputs[e], nonzero[l][e]);
          Kernels.weightedInput(inputs[e], nonzero[l][e], nonzeroCounts[l][e], w, b, outputs[l][e]);
        }
      }
      boolean dropped = l < depth - 1 && hyper.dropout() > 0 && dropout != Masks.OFF;
      boolean vectorSigmoid = activations[l] == Activation.SIGMOID && kernels.vectorApi();
      for (int e = 0; e < m; e++) {
        float[] a = outputs[l][e];
        if (vectorSigmoid) {
          VectorKernels.sigmoid(a);
        } else {
          activations[l].apply(a, a);
        }
        if (dropped) {
          if (dropout == Masks.DRAW) {
            drawMask(masks[l][e]);
          }
          multiply(a, masks[l][e]);
        }
      }
    }
  }

  /** Keeps each neuron with probability 1 − p, scaled by 1/(1 − p) so evaluation needs no rescaling. */
  private void drawMask(float[] mask) {
    float kept = (float) (1.0 / (1.0 - hyper.dropout()));
    for (int j = 0; j < mask.length; j++) {
      mask[j] = rng.nextDouble() < hyper.dropout() ? 0f : kept;
    }
  }

  /** Adds layer l's batch bias gradients ∂C/∂b = Σ δ. */
  private void accumulateBiasGradients(int l, int m) {
    float[] gb = biasGradients[l];
    for (int e = 0; e < m; e++) {
      Kernels.axpy(1f, deltas[l][e], gb);
    }
  }

  /** Adds layer l's batch weight gradients ∂C/∂w = a_inᵀ · δ over the nonzero inputs' rows alone. */
  private void accumulateSparseWeightGradients(int l, float[][] inputs, int m) {
    for (int e = 0; e < m; e++) {
      Kernels.addScaledToRows(deltas[l][e], nonzero[l][e], nonzeroCounts[l][e], inputs[e], weightGradients[l]);
    }
  }

  /** δ of layer l − 1 from δ of layer l: (w · δ) ⊙ σ'(a), through the dropout mask. */
  private void backpropagate(int l, int m) {
    sendBack(l, m);
    Activation activation = activations[l - 1];
    boolean dropped = hyper.dropout() > 0;
    float keep = (float) (1.0 - hyper.dropout());
    for (int e = 0; e < m; e++) {
      float[] a = outputs[l - 1][e];
      float[] previous = deltas[l - 1][e];
      if (dropped) {
        float[] mask = masks[l - 1][e];
        for (int i = 0; i < previous.length; i++) {
          previous[i] = mask[i] == 0f ? 0f : previous[i] * mask[i] * activation.derivative(a[i] * keep);
        }
      } else {
        for (int i = 0; i < previous.length; i++) {
          previous[i] = previous[i] * activation.derivative(a[i]);
        }
      }
    }
  }

  /**
   * δ of layer l − 1 before the derivative: w · δ of layer l for each example, with the Vector API
   * as the product δ · wᵀ of the whole batch.
   */
  private void sendBack(int l, int m) {
    float[][] w = network.weights(l);
    if (transposedWeights[l] != null) {
      float[][] transposed = transposedWeights[l];
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w[i].length; j++) {
          transposed[j][i] = w[i][j];
        }
      }
      for (int e = 0; e < m; e++) {
        Arrays.fill(deltas[l - 1][e], 0f);
      }
      VectorKernels.multiplyAdd(deltas[l], m, transposed, transposed.length, deltas[l - 1]);
    } else {
      for (int e = 0; e < m; e++) {
        float[] delta = deltas[l][e];
        float[] previous = deltas[l - 1][e];
        for (int i = 0; i < previous.length; i++) {
          previous[i] = Kernels.dot(w[i], delta);
        }
      }
    }
  }

  /**
   * The step of the m-example batch that {@link #computeErrors} went through: the accumulated
   * gradients of the row-loop layers and the biases are applied and cleared; a dense layer's
   * weight gradients are formed from its inputs and errors and applied in the same pass.
   */
  private void update(int m) {
    Updates.Step step = new Updates.Step(hyper.regularization(), (float) hyper.eta(), 1f / m,
        (float) (hyper.lambda() / hyper.trainingSetSize()), (float) hyper.momentum());
    for (int l = 0; l < depth; l++) {
      float[][] w = network.weights(l);
      float[][] v = velocity == null ? null : velocity.weights(l);
      if (dense[l]) {
        VectorKernels.descend(step, inputs(l), m, deltas[l], w, v);
      } else {
        for (int i = 0; i < w.length; i++) {
          step.apply(w[i], weightGradients[l][i], v == null ? null : v[i]);
        }
      }
      step.unregularized().apply(network.biases(l), biasGradients[l], velocity == null ? null : velocity.biases(l));
    }
  }

  /** Whether layer l's products in the last forward pass and its gradients were the dense ones. */
  boolean usedDenseKernels(int layer) {
    return dense[layer];
  }

  /** Summed cost of the last forward pass's batch (a trained batch: with its dropout). */
  public double lastBatchCost(float[][] ys, int m) {
    double sum = 0;
    for (int e = 0; e < m; e++) {
      sum += cost.fn(outputs[depth - 1][e], ys[e]);
    }
    return sum;
  }

  /** How many examples of the last forward pass's batch it classified correctly. */
  public int lastBatchCorrect(float[][] ys, int m) {
    int correct = 0;
    for (int e = 0; e < m; e++) {
      if (Kernels.argmax(outputs[depth - 1][e]) == Kernels.argmax(ys[e])) {
        correct++;
      }
    }
    return correct;
  }

  /** Mean cost of the last batch under its dropout masks, without regularization (for tests). */
  double batchCost(float[][] xs, float[][] ys, int m) {
    feedforward(xs, m, Masks.REUSE);
    return lastBatchCost(ys, m) / m;
  }

  private static void multiply(float[] a, float[] mask) {
    for (int j = 0; j < a.length; j++) {
      a[j] *= mask[j];
    }
  }
}
