package streamnet.job;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import streamnet.network.drift.DriftWatch;
import streamnet.network.Network;
import streamnet.network.Rng;

/**
 * One averager shard, free of Flink: it owns slice {@code shard} of the global parameters and
 * velocity ({@link ShardLayout}), takes every worker's contribution for that slice, closes a round
 * when every live worker has reported for the current version, publishes its slice of the
 * example-weighted average, and reports the round to the {@link Coordinator}. Every shard sees the
 * same contributions' counts (each worker's contribution is split into all shards at once), so all
 * shards close the same rounds, roll back the same ones, and agree on the version, the examples
 * averaged and where epochs end — without talking to each other.
 */
public final class AveragerShard {

  /** Where a shard's results go. */
  public interface Output {
    /** The shard's slice of a new global model version, for the model topic. */
    void publish(ModelSlice slice);

    /** The closed round, for the coordinator. */
    void report(RoundReport report);

    /** A contribution rejected as not finite, for the dead-letter topic (shard 0 sends them, once). */
    void deadLetter(DeadLetter letter);
  }

  private final String runId;
  private final JobSettings settings;
  private final ShardLayout layout;
  private final int shard;

  private int generation;
  private long version;
  private boolean started;
  private boolean inputExhausted;
  private long examples;
  private float[] parameters;
  private float[] velocity;
  private Round round = new Round();
  private final BitSet finishedWorkers = new BitSet();
  private long contributionBytes;

  public AveragerShard(String runId, JobSettings settings, int shard) {
    this.runId = runId;
    this.settings = settings;
    this.layout = settings.shardLayout();
    if (shard < 0 || shard >= layout.shards()) {
      throw new IllegalArgumentException("shard " + shard + " of " + layout.shards());
    }
    this.shard = shard;
  }

  /**
   * The task runs: a new run publishes its slice of the initial model (the run's initial model
   * file, or else every shard draws the same network from the run's seed); a restored one republishes its slice under this attempt's
   * generation and closes a round left complete (an orphaned one, after a rescale).
   */
  public void start(Output out) {
    if (!started) {
      Network initial = settings.training().initialNetwork(new Rng(settings.training().seed()));
      parameters = layout.slice(initial.toFlat(), shard);
      velocity = settings.training().hyperparameters().momentum() > 0
          ? new float[parameters.length] : new float[0];
      started = true;
      publish(out);
    } else if (!inputExhausted) {
      publish(out);
      closeRoundIfComplete(out);
    }
  }

  /**
   * Starts an execution attempt: Flink's attempt number is the generation of every version this
   * attempt publishes (see {@link Coordinator#beginAttempt}).
   */
  public void beginAttempt(int attemptNumber) {
    generation = attemptNumber;
  }

  /** Takes this shard's part of a worker's report; closes the round when every live worker has reported. */
  public void onContribution(ShardContribution part, Output out) {
    if (!started || inputExhausted) {
      return;
    }
    Contribution c = part.contribution();
    contributionBytes += (long) Float.BYTES * (c.parameters().length + c.velocity().length);
    if (c.finished()) {
      finishedWorkers.set(c.worker());
    }
    if (c.baseVersion() == version) {
      if (part.finite()) {
        round.add(c);
      } else {
        round.reject(c);
        if (shard == 0) {
          out.deadLetter(DeadLetter.ofContribution(c, "contribution is not finite (NaN or infinite parameters)"));
        }
      }
    }
    closeRoundIfComplete(out);
  }

  private void closeRoundIfComplete(Output out) {
    if (round.isComplete(settings.parallelism(), finishedWorkers)) {
      closeRound(out);
    }
  }

  /**
   * Takes the round's average (unless a contribution in it was not finite: then the slice stays as
   * it was, the round is rolled back), reports the round — with the slice when the coordinator
   * needs the whole model — and publishes the slice of the new version.
   */
  private void closeRound(Output out) {
    Round closed = round;
    round = new Round();
    version++;
    boolean rolledBack = closed.rejected() > 0;
    boolean endsAnEpoch = false;
    if (!rolledBack && closed.examples() > 0) {
      parameters = closed.averageParameters();
      float[] averageVelocity = closed.averageVelocity();
      if (velocity.length > 0 && averageVelocity.length > 0) {
        velocity = averageVelocity;
      }
      endsAnEpoch = (examples + closed.examples()) / settings.epochSize() > examples / settings.epochSize();
      examples += closed.examples();
    }
    inputExhausted = finishedWorkers.cardinality() >= settings.parallelism();
    boolean coordinatorNeedsModel = rolledBack || endsAnEpoch || inputExhausted;
    out.report(new RoundReport(shard, layout.shards(), version, closed.examples(), closed.costSum(), closed.correct(),
        closed.prequentialCostSum(), closed.prequentialCorrect(), closed.waitingMillis(), closed.rejected(), inputExhausted,
        coordinatorNeedsModel ? parameters : new float[0]));
    publish(out);
  }

  /** Publishes the slice. Its arrays are never changed in place (each round makes new ones), so they are not copied. */
  private void publish(Output out) {
    out.publish(new ModelSlice(runId, generation, version, shard, layout.shards(), parameters, velocity));
  }

  public long version() {
    return version;
  }

  public int shard() {
    return shard;
  }

  /** Bytes of contribution slices this shard has taken in since its task started. */
  public long contributionBytes() {
    return contributionBytes;
  }

  /** This shard's slice of the global parameters (a copy). */
  public float[] parameters() {
    return parameters == null ? new float[0] : parameters.clone();
  }

  /** Everything needed to continue: the slice, the counters, the open round. */
  public AveragerShardState snapshot() {
    return new AveragerShardState(shard, layout.shards(), settings.parallelism(), generation, version, started,
        inputExhausted, examples,
        started ? parameters.clone() : new float[0], started ? velocity.clone() : new float[0],
        finishedWorkers.toLongArray(), round.state());
  }

  /**
   * Continues from the snapshots of every shard of the run (operator union state hands each shard
   * all of them), so the number of shards may have changed: the whole model and the open round's
   * sums are put together from the old slices and cut again for this shard. If the number of
   * workers changed too, worker numbers mean other workers: the open round is orphaned (it closes
   * with what it holds at the start).
   */
  public void restore(List<AveragerShardState> states) {
    List<AveragerShardState> byShard = new ArrayList<>(states);
    byShard.sort(Comparator.comparingInt(AveragerShardState::shard));
    AveragerShardState first = byShard.get(0);
    ShardLayout old = new ShardLayout(layout.parameters(), first.shards());
    if (byShard.size() != first.shards()) {
      throw new IllegalStateException("restoring averager shards from " + byShard.size() + " snapshots of "
          + first.shards() + " shards");
    }
    for (AveragerShardState state : byShard) {
      if (state.version() != first.version() || state.generation() != first.generation()) {
        throw new IllegalStateException("averager shard snapshots of versions (" + first.generation() + ", "
            + first.version() + ") and (" + state.generation() + ", " + state.version() + ") in one checkpoint");
      }
    }
    Round.RoundState openRound = first.round();
    Round.RoundState restoredRound = new Round.RoundState(openRound.reported(),
        layout.sliceSums(old.joinSums(byShard.stream().map(s -> s.round().parameterSum()).toList()), shard),
        layout.sliceSums(old.joinSums(byShard.stream().map(s -> s.round().velocitySum()).toList()), shard),
        openRound.examples(), openRound.costSum(), openRound.correct(), openRound.prequentialCostSum(),
        openRound.prequentialCorrect(), openRound.waitingMillis(), openRound.rejected(), openRound.orphaned());
    continueFrom(first.parallelism(), first.generation(), first.version(), first.started(), first.inputExhausted(),
        first.examples(),
        layout.slice(old.join(byShard.stream().map(AveragerShardState::parameters).toList()), shard),
        layout.slice(old.join(byShard.stream().map(AveragerShardState::velocity).toList()), shard),
        first.finishedWorkers(), restoredRound);
  }

  /**
   * Continues from the state of the single averager of jobs before sharded averaging; its epoch
   * policy and counters go to the coordinator, as the returned seed. Such a state holds the whole
   * model in one operator state, which Flink hands to one subtask only, so it restores into one
   * shard.
   */
  public CoordinatorState restoreSingleAverager(AveragerState state) {
    if (layout.shards() != 1) {
      throw new IllegalStateException("this savepoint was taken by a job with one averager; restore it with "
          + "--averagers 1, then take a savepoint and restore that one with more");
    }
    continueFrom(state.parallelism(), state.generation(), state.version(), state.started(),
        state.finished() || BitSet.valueOf(state.finishedWorkers()).cardinality() >= state.parallelism(),
        state.examples(), state.parameters(), state.velocity(), state.finishedWorkers(), state.round());
    return new CoordinatorState(state.generation(), state.version(), state.started(), state.finished(),
        state.examples(), state.epochTotals(), state.policy(), state.elapsedSeconds(), state.rollbacksThisEpoch(),
        state.rejectedContributions(), state.rollbacks(), List.of(), List.of(), DriftWatch.State.EMPTY);
  }

  private void continueFrom(int parallelism, int restoredGeneration, long restoredVersion, boolean wasStarted,
      boolean wasExhausted, long averaged, float[] slice, float[] velocitySlice, long[] finished,
      Round.RoundState openRound) {
    generation = restoredGeneration;
    version = restoredVersion;
    started = wasStarted;
    inputExhausted = wasExhausted;
    examples = averaged;
    parameters = slice;
    velocity = velocitySlice;
    round = Round.restore(openRound);
    finishedWorkers.clear();
    if (parallelism == settings.parallelism()) {
      finishedWorkers.or(BitSet.valueOf(finished));
    } else {
      round.orphan();
    }
  }
}
