package streamnet.network.train;

/**
 * The prequential (test-then-train) figures of one epoch: accuracy and mean cost of the predictions
 * the replicas made of the epoch's training examples just before training on them (inference mode,
 * no regularization term), the same over the sliding window of the last examples, the drifts
 * detected in the epoch and in the run so far. {@link #NONE} when a run did not measure them (a
 * metrics file written before they existed).
 */
public record PrequentialMetrics(
    double accuracy, double cost, double slidingAccuracy, double slidingCost, int drift, long drifts) {

  public static final PrequentialMetrics NONE =
      new PrequentialMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, 0);

  /** Whether these figures were measured (not {@link #NONE}). */
  public boolean measured() {
    return !Double.isNaN(accuracy);
  }
}
