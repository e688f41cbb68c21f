package streamnet.job;

import java.io.Serializable;
import streamnet.network.train.TrainingSettings;

/**
 * What the training job's operators are told: the training settings shared with train-local (η,
 * λ, mini-batch m, epoch limit, early stopping, seed, ...), the number of workers P, how many
 * mini-batches k a worker trains between averages, the averaging mode, the epoch size (the number
 * of examples that make one epoch; also the n of λ/n), and the staleness bound s: a delayed worker
 * trains at most s·k mini-batches past the last model it followed before it waits for the next.
 */
public record JobSettings(
    TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize,
    int maxStaleness) implements Serializable {

  /** Settings with the default staleness bound of {@link TrainingJobOptions#MAX_STALENESS}. */
  public JobSettings(TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize) {
    this(training, parallelism, averageEvery, mode, epochSize, TrainingJobOptions.MAX_STALENESS.defaultValue());
  }

  public JobSettings {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be positive, got " + parallelism);
    }
    if (averageEvery < 1) {
      throw new IllegalArgumentException("--average-every must be positive, got " + averageEvery);
    }
    if (epochSize < 1) {
      throw new IllegalArgumentException("epoch size must be positive, got " + epochSize);
    }
    if (maxStaleness < 1) {
      throw new IllegalArgumentException("--max-staleness must be positive, got " + maxStaleness);
    }
  }

  /** Mini-batches a delayed worker may train past the last model it followed: s·k. */
  public long stalenessLimit() {
    return (long) maxStaleness * averageEvery;
  }
}
