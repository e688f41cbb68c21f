package streamnet.network.tune;

import java.util.List;

/**
 * One learning rate tried by {@link LearningRateFinder}: the training cost of the untrained network,
 * the training cost after each probe epoch (fewer if training diverged), and their trend.
 */
public record EtaProbe(double eta, double initialCost, List<Double> epochCosts, CostTrend trend) {

  public EtaProbe {
    epochCosts = List.copyOf(epochCosts);
  }
}
