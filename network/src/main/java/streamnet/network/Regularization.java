package streamnet.network;

import java.util.Locale;

/** Weight regularization, as chapter 3 defines it; biases are never regularized. */
public enum Regularization {
  /** No penalty. */
  NONE {
    @Override
    public double penalty(Network network, double lambda, int n) {
      return 0;
    }
  },
  /** Penalty λ/(2n) Σ w²; the update decays weights by 1 − ηλ/n. */
  L2 {
    @Override
    public double penalty(Network network, double lambda, int n) {
      double sum = 0;
      for (int l = 0; l < network.depth(); l++) {
        for (float[] row : network.weights(l)) {
          for (float w : row) {
            sum += (double) w * w;
          }
        }
      }
      return 0.5 * lambda / n * sum;
    }
  },
  /** Penalty λ/n Σ |w|; the update shrinks weights towards 0 by ηλ/n · sgn w. */
  L1 {
    @Override
    public double penalty(Network network, double lambda, int n) {
      double sum = 0;
      for (int l = 0; l < network.depth(); l++) {
        for (float[] row : network.weights(l)) {
          for (float w : row) {
            sum += Math.abs(w);
          }
        }
      }
      return lambda / n * sum;
    }
  };

  /** The regularization term of the cost for a training set of size n. */
  public abstract double penalty(Network network, double lambda, int n);

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code l1}, {@code l2} or {@code none}. */
  public static Regularization fromId(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown regularization '" + id + "' (l1, l2, none)");
    }
  }
}
