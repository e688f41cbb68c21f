package streamnet.job;

/**
 * An averager shard's checkpointed state: which shard of how many it was and the number of workers
 * it averaged, generation and version, whether it started and whether every worker's input had
 * ended, the examples averaged (for epoch boundaries), its slice of the global parameters and
 * velocity, the finished workers, and the open round with its slice of the sums.
 * {@link AveragerShardStateSerializer} writes it.
 */
public record AveragerShardState(
    int shard,
    int shards,
    int parallelism,
    int generation,
    long version,
    boolean started,
    boolean inputExhausted,
    long examples,
    float[] parameters,
    float[] velocity,
    long[] finishedWorkers,
    Round.RoundState round) {

  /** This state with {@code openRound} as its open round. */
  AveragerShardState withRound(Round.RoundState openRound) {
    return new AveragerShardState(shard, shards, parallelism, generation, version, started, inputExhausted, examples,
        parameters, velocity, finishedWorkers, openRound);
  }
}
