package streamnet.network.tune;

/**
 * How the training cost moved during a learning-rate probe: chapter 3's test for a learning rate
 * that is too large.
 *
 * <p>A probe measures the training cost c_0 of the untrained network and c_1, …, c_k after each of
 * its k epochs. Precisely:
 *
 * <ul>
 *   <li>{@link #DIVERGES}: some c_i is NaN or infinite, or training stopped before epoch k because
 *       the parameters were no longer finite;
 *   <li>{@link #DECREASES}: every epoch lowered the cost, c_i &lt; c_{i−1} for i = 1..k;
 *   <li>{@link #RISES}: the last cost is no lower than the first, c_k ≥ c_0;
 *   <li>{@link #OSCILLATES}: otherwise: some epoch raised the cost (c_i ≥ c_{i−1}) although c_k is
 *       below c_0.
 * </ul>
 *
 * Only {@link #DECREASES} is a good verdict: the threshold η is the smallest η whose cost does not
 * decrease in every one of the first epochs.
 */
public enum CostTrend {
  DECREASES,
  OSCILLATES,
  RISES,
  DIVERGES;

  /** The trend of {@code initialCost} followed by the epoch costs of a probe of {@code epochs}. */
  public static CostTrend of(double initialCost, double[] epochCosts, int epochs) {
    if (epochCosts.length < epochs || !allFinite(initialCost, epochCosts)) {
      return DIVERGES;
    }
    if (everyStepLower(initialCost, epochCosts)) {
      return DECREASES;
    }
    return epochCosts[epochCosts.length - 1] >= initialCost ? RISES : OSCILLATES;
  }

  /** Whether η was small enough: the cost fell in every epoch. */
  public boolean isGood() {
    return this == DECREASES;
  }

  private static boolean everyStepLower(double initialCost, double[] epochCosts) {
    double previous = initialCost;
    for (double cost : epochCosts) {
      if (cost >= previous) {
        return false;
      }
      previous = cost;
    }
    return true;
  }

  private static boolean allFinite(double initialCost, double[] epochCosts) {
    if (!Double.isFinite(initialCost)) {
      return false;
    }
    for (double cost : epochCosts) {
      if (!Double.isFinite(cost)) {
        return false;
      }
    }
    return true;
  }
}
