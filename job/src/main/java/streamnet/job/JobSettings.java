package streamnet.job;

import java.io.Serializable;
import streamnet.network.train.PrequentialSettings;
import streamnet.network.train.TrainingSettings;

/**
 * What the training job's operators are told: the training settings shared with train-local (η,
 * λ, mini-batch m, epoch limit, early stopping, seed, ...), the number of workers P, how many
 * mini-batches k a worker trains between averages, the averaging mode, the epoch size (the number
 * of examples that make one epoch; also the n of λ/n), and the staleness bound s: a delayed worker
 * trains at most s·k mini-batches past the last model it followed before it waits for the next,
 * the number of averager shards S, each of which averages one slice of the parameters, and how
 * the training stream is scored before training (the prequential window and the drift detector).
 */
public record JobSettings(
    TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize,
    int maxStaleness, int averagers, PrequentialSettings prequential) implements Serializable {

  /**
   * Workers one averager shard serves by default: a shard takes in this many slices per round, so
   * its link carries about as much as this many workers' (docs/scaling.md).
   */
  public static final int WORKERS_PER_AVERAGER = 4;

  /** Settings with the default staleness bound of {@link TrainingJobOptions#MAX_STALENESS} and the default shards. */
  public JobSettings(TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize) {
    this(training, parallelism, averageEvery, mode, epochSize, TrainingJobOptions.MAX_STALENESS.defaultValue());
  }

  /** Settings with the default number of averager shards for {@code parallelism} workers. */
  public JobSettings(TrainingSettings training, int parallelism, int averageEvery, AveragingMode mode, int epochSize,
      int maxStaleness) {
    this(training, parallelism, averageEvery, mode, epochSize, maxStaleness, defaultAveragers(parallelism),
        PrequentialSettings.DEFAULT);
  }

  /** The default S for P workers: one shard per {@value #WORKERS_PER_AVERAGER} workers, at least one. */
  public static int defaultAveragers(int parallelism) {
    return Math.max(1, (parallelism + WORKERS_PER_AVERAGER - 1) / WORKERS_PER_AVERAGER);
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
    if (averagers < 1) {
      throw new IllegalArgumentException("--averagers must be positive, got " + averagers);
    }
  }

  /** These settings with {@code shards} averager shards. */
  public JobSettings withAveragers(int shards) {
    return new JobSettings(training, parallelism, averageEvery, mode, epochSize, maxStaleness, shards, prequential);
  }

  /** These settings with {@code scoring} as the prequential window and drift detection. */
  public JobSettings withPrequential(PrequentialSettings scoring) {
    return new JobSettings(training, parallelism, averageEvery, mode, epochSize, maxStaleness, averagers, scoring);
  }

  /** How the network's parameters are cut among the averager shards. */
  public ShardLayout shardLayout() {
    return new ShardLayout(training.architecture().parameterCount(), averagers);
  }

  /** Mini-batches a delayed worker may train past the last model it followed: s·k. */
  public long stalenessLimit() {
    return (long) maxStaleness * averageEvery;
  }
}
