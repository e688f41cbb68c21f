package streamnet.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.OneHot;
import streamnet.network.Rng;
import streamnet.record.Example;

/**
 * One training replica and its side of the averaging protocol (docs/architecture.md), free of
 * Flink so it can be tested directly. Examples arrive one by one; every m make a mini-batch, which
 * the replica first predicts (prequential counts), then trains on; every
 * k mini-batches the replica's parameters go to the averager as a {@link Contribution}. What it
 * does with an example or a model depends on its {@link Phase}; how it follows averages is its
 * {@link AveragingMode}.
 */
public final class Worker {

  /** Where a worker is in the protocol. */
  public enum Phase {
    /** No global model yet: examples are buffered. */
    AWAITING_FIRST_MODEL,
    /** Training on each example as it comes (delayed mode: also while a contribution is in flight). */
    TRAINING,
    /**
     * A contribution is in flight and examples are buffered until the next model arrives: in sync
     * mode right after sending, in delayed mode once the staleness bound is reached.
     */
    AWAITING_AVERAGE,
    /** The input ended and the last contribution, marked finished, was sent. */
    FINISHED,
    /** The averager stopped the run: everything that comes is dropped. */
    STOPPED
  }

  private final int index;
  private final int attempt;
  private final String runId;
  private final JobSettings settings;
  private final Replica replica;
  private final float[][] targets;
  private final float[][] xs;
  private final float[][] ys;
  private final ArrayDeque<Example> buffered = new ArrayDeque<>();
  private final List<Example> batch = new ArrayList<>();
  private final UnsentWork unsent = new UnsentWork();
  private final WorkerStatistics statistics = new WorkerStatistics();

  private Phase phase = Phase.AWAITING_FIRST_MODEL;
  private int generation = -1;
  private long version = -1;
  private boolean inputEnded;
  private InFlight inFlight;
  private long miniBatchesPastModel;
  private long waitingReported;

  /**
   * Worker {@code index} of run {@code runId} in execution attempt {@code attempt} (Flink's attempt
   * number: the averager of this attempt publishes under that generation).
   */
  public Worker(int index, String runId, int attempt, JobSettings settings) {
    this.index = index;
    this.attempt = attempt;
    this.runId = runId;
    this.settings = settings;
    this.replica = new Replica(settings, new Rng(settings.training().seed() * 1_000_003L + index));
    this.targets = OneHot.vectors(replica.outputSize());
    this.xs = new float[settings.training().miniBatch()][Example.PIXELS];
    this.ys = new float[settings.training().miniBatch()][];
  }

  /** Counters for the dashboard. */
  public WorkerStatistics statistics() {
    return statistics;
  }

  public Phase phase() {
    return phase;
  }

  /**
   * Examples held until a model arrives (all before the first, and in sync mode those that come
   * while an average is pending): they ride in every checkpoint, so the dashboard shows them.
   */
  public int bufferedExamples() {
    return buffered.size();
  }

  /** Trains on, or buffers, one training example. */
  public void onExample(Example example, Consumer<Contribution> out) {
    switch (phase) {
      case AWAITING_FIRST_MODEL, AWAITING_AVERAGE -> buffered.add(example);
      case TRAINING -> train(example, out);
      case FINISHED, STOPPED -> { }
    }
  }

  /**
   * Follows a newer global model, then trains what was buffered. Versions of other runs and of
   * earlier attempts (replayed from the model topic after a restart) are ignored. A restarted
   * averager republishes the version it restored: if that is the version this worker restored
   * too, its replica and its unsent work stay as they are.
   */
  public void onModel(ModelUpdate update, Consumer<Contribution> out) {
    if (!ModelLoop.follows(runId, update, attempt, generation, version)) {
      return;
    }
    boolean republished = update.version() == version;
    generation = update.generation();
    if (!republished) {
      settings.mode().follow(replica, update, inFlight);
      version = update.version();
      inFlight = null;
      miniBatchesPastModel = 0;
      statistics.modelArrived(phase == Phase.AWAITING_AVERAGE);
      replica.trainer().setEta(update.eta());
      if (phase == Phase.AWAITING_FIRST_MODEL || phase == Phase.AWAITING_AVERAGE) {
        phase = Phase.TRAINING;
      }
    }
    if (update.stop()) {
      stop();
      return;
    }
    if (republished) {
      return;
    }
    drainBuffer(out);
    // Draining may already have sent a contribution: one in flight at a time.
    if (phase == Phase.TRAINING && inFlight == null && unsent.batches() >= settings.averageEvery()) {
      send(false, out);
    }
    finishIfInputEnded(out);
  }

  /** The training input has ended: once everything buffered is trained, send the last contribution. */
  public void onInputEnded(Consumer<Contribution> out) {
    inputEnded = true;
    finishIfInputEnded(out);
  }

  private void train(Example example, Consumer<Contribution> out) {
    batch.add(example);
    if (batch.size() == settings.training().miniBatch()) {
      trainBatch(out);
    }
  }

  private void trainBatch(Consumer<Contribution> out) {
    int m = batch.size();
    for (int e = 0; e < m; e++) {
      Example example = batch.get(e);
      example.imageInto(xs[e]);
      ys[e] = targets[example.label()];
    }
    MiniBatchTrainer.BatchScore prequential = replica.trainer().testThenTrain(xs, ys, m);
    unsent.add(m, replica.trainer().lastBatchCost(ys, m), replica.trainer().lastBatchCorrect(ys, m), prequential);
    statistics.trained(m);
    miniBatchesPastModel++;
    batch.clear();
    if (inFlight == null && unsent.batches() >= settings.averageEvery()) {
      send(false, out);
    }
    awaitAverageIfDue();
  }

  private void send(boolean finished, Consumer<Contribution> out) {
    long waited = statistics.waitingMillis();
    Contribution contribution = new Contribution(
        index, generation, version, unsent.examples(), unsent.costSum(), unsent.correct(),
        unsent.prequentialCostSum(), unsent.prequentialCorrect(),
        waited - waitingReported, finished, replica.parameters(), replica.velocity());
    waitingReported = waited;
    statistics.sent(contribution);
    unsent.clear();
    if (finished) {
      phase = Phase.FINISHED;
    } else {
      inFlight = settings.mode().inFlight(contribution);
      awaitAverageIfDue();
    }
    out.accept(contribution);
  }

  /** Stops training until the next model when a contribution is in flight and the mode says to wait. */
  private void awaitAverageIfDue() {
    if (phase == Phase.TRAINING && inFlight != null
        && settings.mode().waitsForAverage(miniBatchesPastModel, settings)) {
      phase = Phase.AWAITING_AVERAGE;
      statistics.startedWaiting();
    }
  }

  private void drainBuffer(Consumer<Contribution> out) {
    while (phase == Phase.TRAINING && !buffered.isEmpty()) {
      train(buffered.poll(), out);
    }
  }

  private void finishIfInputEnded(Consumer<Contribution> out) {
    if (!inputEnded || phase != Phase.TRAINING || inFlight != null || !buffered.isEmpty()) {
      return;
    }
    if (!batch.isEmpty()) {
      trainBatch(out);
    }
    if (inFlight == null) {
      send(true, out);
    }
  }

  private void stop() {
    phase = Phase.STOPPED;
    buffered.clear();
    batch.clear();
  }

  /** Everything needed to continue exactly where this worker is: replica, velocity, RNG, buffers. */
  public WorkerState snapshot() {
    return new WorkerState(
        phase, generation, version, inputEnded, replica.rng().state(), replica.eta(),
        replica.parameters(), replica.velocity(), inFlight, miniBatchesPastModel,
        unsent.batches(), unsent.examples(), unsent.costSum(), unsent.correct(),
        unsent.prequentialCostSum(), unsent.prequentialCorrect(),
        List.copyOf(batch), List.copyOf(buffered));
  }

  /**
   * Continues from snapshots. One snapshot restores this worker exactly; several (the job was
   * rescaled to fewer workers) are merged: the first gives the replica and its unsent work, every
   * other one gives its partial mini-batch and buffered examples, so no example read is lost. The
   * next global model replaces the replica anyway.
   */
  public void restore(List<WorkerState> states) {
    for (int s = 0; s < states.size(); s++) {
      WorkerState state = states.get(s);
      if (s == 0) {
        restoreReplica(state);
        batch.addAll(state.batch());
      } else {
        buffered.addAll(state.batch());
      }
      buffered.addAll(state.buffered());
    }
    if (phase == Phase.FINISHED && !buffered.isEmpty()) {
      // The first state had finished, another had not: its examples are trained and a finished
      // contribution is sent again once the next model arrives.
      phase = Phase.TRAINING;
    }
  }

  private void restoreReplica(WorkerState state) {
    phase = state.phase();
    generation = state.generation();
    version = state.version();
    inputEnded = state.inputEnded();
    inFlight = state.inFlight();
    miniBatchesPastModel = state.miniBatchesPastModel();
    replica.restore(state.parameters(), state.velocity(), state.eta(), state.rngState());
    unsent.restore(state.unsentBatches(), state.unsentExamples(), state.unsentCostSum(), state.unsentCorrect(),
        state.unsentPrequentialCostSum(), state.unsentPrequentialCorrect());
  }
}
