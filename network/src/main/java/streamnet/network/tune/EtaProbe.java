package streamnet.network.tune;

/**
 * One learning rate tried by {@link LearningRateFinder}: the training cost of the untrained network,
 * the training cost after each probe epoch (fewer if training diverged), and their trend.
 */
public record EtaProbe(double eta, double initialCost, double[] epochCosts, CostTrend trend) {

  public EtaProbe {
    epochCosts = epochCosts.clone();
  }

  @Override
  public double[] epochCosts() {
    return epochCosts.clone();
  }
}
