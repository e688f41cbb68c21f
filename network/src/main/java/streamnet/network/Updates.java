package streamnet.network;

/**
 * The parameter update rules of chapter 3, one row at a time. The regularization kind is decided
 * outside the inner loops so each loop stays a straight vectorizable pass; gradients are cleared
 * in the same pass.
 */
final class Updates {
  private Updates() {}

  /**
   * One mini-batch's update rule: regularization, learning rate η, 1/m for a batch of m, λ/n, and
   * the momentum coefficient μ (used only with velocities).
   */
  record Step(Regularization regularization, float eta, float invM, float lambdaOverN, float mu) {
    /** The rule for biases, which are never regularized. */
    Step unregularized() {
      return new Step(Regularization.NONE, eta, invM, 0f, mu);
    }

    /** Applies the batch's summed gradient g to w (and its velocity v, null for plain SGD); clears g. */
    void apply(float[] w, float[] g, float[] v) {
      applyFrom(this, w, g, v, 0);
    }
  }

  /** {@link Step#apply} on the entries from {@code from} on only. */
  static void applyFrom(Step step, float[] w, float[] g, float[] v, int from) {
    if (v == null) {
      descend(step.regularization(), w, g, step.eta(), step.invM(), step.lambdaOverN(), from);
    } else {
      descendWithMomentum(step.regularization(), w, g, v, step.eta(), step.invM(), step.lambdaOverN(), step.mu(), from);
    }
  }

  /** Plain SGD: w ← w − η (g/m + R'(w)); for L2 that is w ← (1 − ηλ/n) w − (η/m) g. */
  private static void descend(
      Regularization regularization, float[] w, float[] g, float eta, float invM, float lambdaOverN, int from) {
    float step = eta * invM;
    if (regularization == Regularization.L1) {
      float shrink = eta * lambdaOverN;
      for (int j = from; j < w.length; j++) {
        w[j] = w[j] - shrink * Math.signum(w[j]) - step * g[j];
        g[j] = 0f;
      }
    } else {
      float decay = regularization == Regularization.L2 ? 1f - eta * lambdaOverN : 1f;
      for (int j = from; j < w.length; j++) {
        w[j] = decay * w[j] - step * g[j];
        g[j] = 0f;
      }
    }
  }

  /** Momentum SGD: v ← μ v − η (g/m + R'(w)); w ← w + v. */
  private static void descendWithMomentum(
      Regularization regularization,
      float[] w,
      float[] g,
      float[] v,
      float eta,
      float invM,
      float lambdaOverN,
      float mu,
      int from) {
    if (regularization == Regularization.L1) {
      for (int j = from; j < w.length; j++) {
        v[j] = mu * v[j] - eta * (g[j] * invM + lambdaOverN * Math.signum(w[j]));
        w[j] += v[j];
        g[j] = 0f;
      }
    } else {
      float l2 = regularization == Regularization.L2 ? lambdaOverN : 0f;
      for (int j = from; j < w.length; j++) {
        v[j] = mu * v[j] - eta * (g[j] * invM + l2 * w[j]);
        w[j] += v[j];
        g[j] = 0f;
      }
    }
  }
}
