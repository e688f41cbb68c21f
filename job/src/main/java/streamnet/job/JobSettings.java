package streamnet.job;

import java.io.Serializable;
import streamnet.network.train.TrainingSettings;

/**
 * What the training job's operators are told: the training settings shared with train-local (η,
 * λ, mini-batch m, epoch limit, early stopping, seed, ...), the number of workers P, how many
 * mini-batches k a worker trains between averages, the averaging mode, and the epoch size (the
 * number of examples that make one epoch; also the n of λ/n).
 */
public record JobSettings(
    TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize)
    implements Serializable {

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
  }
}
