package streamnet.network.train;

/**
 * What one epoch measured: the four network2 monitors plus η, examples trained since the start and
 * seconds since the start. Accuracies are fractions.
 */
public record EpochMetrics(
    int epoch,
    double eta,
    double trainingCost,
    double trainingAccuracy,
    double validationCost,
    double validationAccuracy,
    long examples,
    double elapsedSeconds) {}
