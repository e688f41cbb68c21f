package streamnet.job;

import java.util.List;
import streamnet.network.drift.DriftWatch;
import streamnet.network.train.EpochPolicy;
import streamnet.network.train.SlidingWindow;

/**
 * The coordinator's checkpointed state: generation and version, whether it started and finished,
 * the examples averaged, the epoch in progress (with its prequential sums), the epoch policy (epoch,
 * early-stopping rule, best model, divergence), training time so far, the divergence counters, the
 * round reports of versions it has not closed yet, the prequential sliding window's rounds and the
 * drift detector. It holds no global model: the shards do, and send it at the
 * rounds that need it. {@link CoordinatorStateSerializer} writes it.
 */
public record CoordinatorState(
    int generation,
    long version,
    boolean started,
    boolean finished,
    long examples,
    EpochTotals.State epochTotals,
    EpochPolicy.State policy,
    double elapsedSeconds,
    int rollbacksThisEpoch,
    long rejectedContributions,
    long rollbacks,
    List<RoundReport> pending,
    List<SlidingWindow.Batch> window,
    DriftWatch.State drift) {}
