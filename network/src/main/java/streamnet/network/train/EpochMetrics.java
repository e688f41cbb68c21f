package streamnet.network.train;

/**
 * What one epoch measured: the four network2 monitors plus η, examples trained since the start and
 * seconds since the start, and the prequential figures of its training stream. Accuracies are
 * fractions.
 */
public record EpochMetrics(
    int epoch,
    double eta,
    double trainingCost,
    double trainingAccuracy,
    double validationCost,
    double validationAccuracy,
    long examples,
    double elapsedSeconds,
    PrequentialMetrics prequential) {

  /** An epoch's metrics without prequential figures ({@link PrequentialMetrics#NONE}). */
  public EpochMetrics(int epoch, double eta, double trainingCost, double trainingAccuracy, double validationCost,
      double validationAccuracy, long examples, double elapsedSeconds) {
    this(epoch, eta, trainingCost, trainingAccuracy, validationCost, validationAccuracy, examples, elapsedSeconds,
        PrequentialMetrics.NONE);
  }

  /** These metrics with {@code figures} as their prequential part. */
  public EpochMetrics withPrequential(PrequentialMetrics figures) {
    return new EpochMetrics(epoch, eta, trainingCost, trainingAccuracy, validationCost, validationAccuracy, examples,
        elapsedSeconds, figures);
  }
}
