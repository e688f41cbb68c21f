package streamnet.bench;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import streamnet.network.Network;

/**
 * network2's matrix-based mini-batch step (sigmoid layers, cross-entropy cost, L2 regularization)
 * written with EJML's general matrix products: the alternative to {@code MiniBatchTrainer}'s row
 * loops that the benchmark weighs. Examples are rows, so a layer is Z = A·W + 1bᵀ with W stored
 * {@code [in][out]} as streamnet stores it.
 */
final class EjmlTrainingStep {
  private final int depth;
  private final int m;
  private final float eta;
  private final float decay;
  private final FMatrixRMaj[] weights;
  private final FMatrixRMaj[] biases;
  /** [0] is the input batch (m × in), [l + 1] the activations of layer l (m × out). */
  private final FMatrixRMaj[] activations;
  /** dC/dz of layer l, m × out. */
  private final FMatrixRMaj[] deltas;
  private final FMatrixRMaj[] weightGradients;
  private final FMatrixRMaj[] biasGradients;

  /** A copy of {@code start} trained with mini-batches of exactly {@code m} examples. */
  EjmlTrainingStep(Network start, double eta, double lambda, int trainingSetSize, int m) {
    this.depth = start.depth();
    this.m = m;
    this.eta = (float) eta;
    this.decay = (float) (1.0 - eta * lambda / trainingSetSize);
    weights = new FMatrixRMaj[depth];
    biases = new FMatrixRMaj[depth];
    activations = new FMatrixRMaj[depth + 1];
    deltas = new FMatrixRMaj[depth];
    weightGradients = new FMatrixRMaj[depth];
    biasGradients = new FMatrixRMaj[depth];
    activations[0] = new FMatrixRMaj(m, start.architecture().inputSize());
    for (int l = 0; l < depth; l++) {
      weights[l] = new FMatrixRMaj(start.weights(l));
      biases[l] = new FMatrixRMaj(1, start.biases(l).length, true, start.biases(l));
      int out = biases[l].numCols;
      activations[l + 1] = new FMatrixRMaj(m, out);
      deltas[l] = new FMatrixRMaj(m, out);
      weightGradients[l] = new FMatrixRMaj(weights[l].numRows, out);
      biasGradients[l] = new FMatrixRMaj(1, out);
    }
  }

  /** One gradient-descent step on the m examples {@code xs} with targets {@code ys}. */
  void train(float[][] xs, float[][] ys) {
    copyRows(xs, activations[0]);
    for (int l = 0; l < depth; l++) {
      CommonOps_FDRM.mult(activations[l], weights[l], activations[l + 1]);
      addBiasesAndSigmoid(activations[l + 1], biases[l]);
    }
    outputDelta(activations[depth], ys, deltas[depth - 1]);
    for (int l = depth - 1; l >= 0; l--) {
      CommonOps_FDRM.multTransA(activations[l], deltas[l], weightGradients[l]);
      CommonOps_FDRM.sumCols(deltas[l], biasGradients[l]);
      if (l > 0) {
        CommonOps_FDRM.multTransB(deltas[l], weights[l], deltas[l - 1]);
        multiplySigmoidDerivative(deltas[l - 1], activations[l]);
      }
      CommonOps_FDRM.add(decay, weights[l], -eta / m, weightGradients[l], weights[l]);
      CommonOps_FDRM.addEquals(biases[l], -eta / m, biasGradients[l]);
    }
  }

  /** The current parameters written into {@code network}, which must have the same shape. */
  void copyInto(Network network) {
    for (int l = 0; l < depth; l++) {
      float[][] rows = network.weights(l);
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(weights[l].data, i * rows[i].length, rows[i], 0, rows[i].length);
      }
      System.arraycopy(biases[l].data, 0, network.biases(l), 0, biases[l].numCols);
    }
  }

  private static void copyRows(float[][] rows, FMatrixRMaj matrix) {
    for (int e = 0; e < matrix.numRows; e++) {
      System.arraycopy(rows[e], 0, matrix.data, e * matrix.numCols, matrix.numCols);
    }
  }

  /** z ← σ(z + b) for every row; σ computed as streamnet's sigmoid computes it. */
  private static void addBiasesAndSigmoid(FMatrixRMaj z, FMatrixRMaj b) {
    float[] data = z.data;
    for (int e = 0; e < z.numRows; e++) {
      int row = e * z.numCols;
      for (int j = 0; j < z.numCols; j++) {
        data[row + j] = (float) (1.0 / (1.0 + Math.exp(-(data[row + j] + b.data[j]))));
      }
    }
  }

  /** Cross-entropy with sigmoid outputs: δ = a − y. */
  private static void outputDelta(FMatrixRMaj a, float[][] ys, FMatrixRMaj delta) {
    for (int e = 0; e < a.numRows; e++) {
      int row = e * a.numCols;
      for (int j = 0; j < a.numCols; j++) {
        delta.data[row + j] = a.data[row + j] - ys[e][j];
      }
    }
  }

  /** δ ← δ ⊙ a(1 − a). */
  private static void multiplySigmoidDerivative(FMatrixRMaj delta, FMatrixRMaj a) {
    for (int k = 0; k < delta.getNumElements(); k++) {
      delta.data[k] *= a.data[k] * (1f - a.data[k]);
    }
  }
}
