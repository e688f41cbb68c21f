package streamnet.network.tune;

import streamnet.network.Rng;

/**
 * The ranges random search draws from: η and λ log-uniform (each decade equally likely, since
 * both matter on a log scale), the hidden-layer size a uniform integer. Bounds are inclusive.
 */
public record SearchSpace(
    double etaMin, double etaMax, double lambdaMin, double lambdaMax, int hiddenMin, int hiddenMax) {

  public SearchSpace {
    requireLogRange("η", etaMin, etaMax);
    requireLogRange("λ", lambdaMin, lambdaMax);
    if (hiddenMin < 1 || hiddenMax < hiddenMin) {
      throw new IllegalArgumentException(
          "need 1 ≤ hidden min ≤ hidden max, got " + hiddenMin + ".." + hiddenMax);
    }
  }

  /** One point of the space drawn from {@code rng}. */
  public Candidate sample(Rng rng) {
    double eta = logUniform(etaMin, etaMax, rng);
    double lambda = logUniform(lambdaMin, lambdaMax, rng);
    int hidden = hiddenMin + rng.nextInt(hiddenMax - hiddenMin + 1);
    return new Candidate(eta, lambda, hidden);
  }

  /** Uniform in log space, clamped so rounding never leaves [min, max]. */
  private static double logUniform(double min, double max, Rng rng) {
    double value = Math.exp(Math.log(min) + rng.nextDouble() * (Math.log(max) - Math.log(min)));
    return Math.min(max, Math.max(min, value));
  }

  private static void requireLogRange(String name, double min, double max) {
    if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
      throw new IllegalArgumentException(
          "need 0 < " + name + " min ≤ " + name + " max, got " + min + ".." + max);
    }
  }
}
