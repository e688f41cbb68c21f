package streamnet.job;

import streamnet.network.train.EpochPolicy;

/**
 * The averager's checkpointed state: the parallelism it ran at, generation and version, whether it
 * started and finished, the examples averaged, the epoch in progress, the epoch policy (epoch,
 * early-stopping rule, best model, divergence), training time so far, the global model and
 * velocity, the finished workers, the open round, and the divergence counters. The validation and
 * test sets are not in it: they are read from Kafka again. {@link AveragerStateSerializer} writes it.
 */
public record AveragerState(
    int parallelism,
    int generation,
    long version,
    boolean started,
    boolean finished,
    long examples,
    EpochTotals.State epochTotals,
    EpochPolicy.State policy,
    double elapsedSeconds,
    float[] parameters,
    float[] velocity,
    long[] finishedWorkers,
    Round.RoundState round,
    int rollbacksThisEpoch,
    long rejectedContributions,
    long rollbacks) {}
