package streamnet.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.io.ModelFile;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.EpochPolicy;
import streamnet.network.train.MetricsLog;
import streamnet.record.Example;

/**
 * The parameter-averaging side of the protocol (docs/architecture.md), free of Flink. Holds the
 * global model; closes a round when every live worker has reported for the current version and
 * publishes the example-weighted average; rejects contributions that are not finite and rolls
 * back the round they were in; at each epoch boundary hands the global model to the
 * {@link EpochPolicy} that {@code train-local} uses too (validation, early stopping, η schedule,
 * best model, divergence); at the end evaluates the best model on the test set.
 */
public final class Averager {

  /** Where the averager's results go. */
  public interface Output {
    /** A new global model version for the model topic. */
    void publish(ModelUpdate update);

    /** One line of the metrics JSON-lines file. */
    void metrics(String line);

    /** A model file (network2 JSON) to write atomically under the run folder. */
    void modelFile(String name, byte[] json);

    /** A contribution rejected as not finite, for the dead-letter topic. */
    void deadLetter(DeadLetter letter);
  }

  public static final String BEST_MODEL = "best.json";
  public static final String FINAL_MODEL = "final.json";
  /** Rollbacks within one epoch after which the run stops as diverged. */
  static final int MAX_ROLLBACKS_PER_EPOCH = 3;

  private final String runId;
  private final JobSettings settings;
  private final Hyperparameters hyper;
  private final Map<String, Object> metricsFields;
  private final ReferenceSets reference;
  private final EpochPolicy.Validator validator;

  private EpochPolicy policy;
  private Network global;
  private Network globalVelocity;
  private int generation;
  private long version;
  private boolean started;
  private boolean finished;
  private Round round = new Round();
  private final BitSet finishedWorkers = new BitSet();
  private long examples;
  private EpochTotals epochTotals = new EpochTotals();
  private int rollbacksThisEpoch;
  private long rejectedContributions;
  private long rollbacks;
  private EpochMetrics lastMetrics;
  private double elapsedBefore;
  private long startNanos = System.nanoTime();

  /** Scores the global model on the validation set (replaceable so tests can script a curve). */
  interface Validator {
    Evaluation evaluate(Network network, Dataset validation);
  }

  public Averager(String runId, JobSettings settings) {
    this(runId, settings, (network, data) -> Evaluation.of(
        network, data, settings.training().hyperparameters().regularization(),
        settings.training().hyperparameters().lambda()));
  }

  Averager(String runId, JobSettings settings, Validator validator) {
    this.runId = runId;
    this.settings = settings;
    this.hyper = settings.training().hyperparameters();
    this.reference = new ReferenceSets(settings.training().architecture().outputSize());
    this.validator = network -> validator.evaluate(network, reference.validation());
    this.policy = new EpochPolicy(settings.training(), this.validator);
    this.metricsFields = Map.of(
        "parallelism", settings.parallelism(),
        "average_every", settings.averageEvery(),
        "mode", settings.mode().id(),
        "max_staleness", settings.maxStaleness());
  }

  /** Keeps a validation or test example for evaluation. */
  public void onReference(Example example) {
    reference.add(example);
  }

  /**
   * Validation and test sets are complete: publish the shared initial model (once), or, after a
   * restore, close the round that waited for them.
   */
  public void onReferenceEnded(Output out) {
    reference.markComplete();
    if (!started) {
      global = Network.create(
          settings.training().architecture(),
          settings.training().initializer(),
          new Rng(settings.training().seed()));
      globalVelocity = hyper.momentum() > 0 ? Network.zeros(global.architecture()) : null;
      started = true;
      startNanos = System.nanoTime();
      publish(out);
    } else {
      closeRoundIfComplete(out);
    }
  }

  /** Takes a worker's report; closes the round when every live worker has reported. */
  public void onContribution(Contribution c, Output out) {
    if (finished || !started) {
      return;
    }
    if (c.finished()) {
      finishedWorkers.set(c.worker());
    }
    if (c.baseVersion() == version) {
      if (Finite.all(c.parameters()) && Finite.all(c.velocity())) {
        round.add(c);
      } else {
        round.reject(c);
        rejectedContributions++;
        out.deadLetter(DeadLetter.ofContribution(c, "contribution is not finite (NaN or infinite parameters)"));
      }
    }
    closeRoundIfComplete(out);
  }

  /**
   * Starts an execution attempt: Flink's attempt number (0, then one more per restart of the job)
   * is the generation of every version this attempt publishes, so workers can tell the versions an
   * earlier, failed attempt left in the model topic from this attempt's.
   */
  public void beginAttempt(int attemptNumber) {
    generation = attemptNumber;
  }

  /** After a restore: publishes the restored model again, under this attempt's generation. */
  public void republish(Output out) {
    if (started && !finished) {
      publish(out);
    }
  }

  private void closeRoundIfComplete(Output out) {
    if (!finished && reference.isComplete() && round.isComplete(settings.parallelism(), finishedWorkers)) {
      closeRound(out);
    }
  }

  private void closeRound(Output out) {
    Round closed = round;
    round = new Round();
    version++;
    if (takeAverage(closed)) {
      countIntoEpochs(closed, out);
    } else {
      rollBack();
    }
    boolean inputExhausted = finishedWorkers.cardinality() >= settings.parallelism();
    if (inputExhausted && !policy.stopped()) {
      endLastEpoch(out);
    }
    if (policy.stopped() || inputExhausted) {
      finish(out);
    } else {
      publish(out);
    }
  }

  /**
   * The input has ended: the partial epoch in progress is evaluated; if nothing of it was averaged
   * because its rounds were rolled back, the run ends as diverged — its last data could not be
   * trained on.
   */
  private void endLastEpoch(Output out) {
    if (epochTotals.examples() > 0) {
      endEpoch(out);
    } else if (rollbacksThisEpoch > 0) {
      policy.diverge();
    }
  }

  /**
   * Adds the round's examples to the epochs they fall into and ends each epoch they complete. A
   * round that crosses boundaries is split at them, its sums in proportion (its examples have no
   * finer record), so every epoch line holds its own examples, however long a round took.
   */
  private void countIntoEpochs(Round closed, Output out) {
    long counted = 0;
    while (!policy.stopped() && counted < closed.examples()
        && examples + closed.examples() - counted >= epochEnd()) {
      long upTo = counted + Math.max(0, epochEnd() - examples);
      epochTotals.add(closed, counted, upTo);
      examples += upTo - counted;
      counted = upTo;
      endEpoch(out);
    }
    epochTotals.add(closed, counted, closed.examples());
    examples += closed.examples() - counted;
  }

  /** The example count at which the epoch in progress ends. */
  private long epochEnd() {
    return (long) (policy.epoch() + 1) * settings.epochSize();
  }

  /**
   * Makes the round's average the global model; false when the round must be rolled back: a
   * contribution in it was not finite, so the global model would not be (one diverging replica is
   * enough to show that η is too large for this point of the run).
   */
  private boolean takeAverage(Round closed) {
    if (closed.rejected() > 0) {
      return false;
    }
    if (closed.examples() == 0) {
      return true;
    }
    global.setFlat(closed.averageParameters());
    float[] velocity = closed.averageVelocity();
    if (globalVelocity != null && velocity.length > 0) {
      globalVelocity.setFlat(velocity);
    }
    return true;
  }

  /**
   * The round diverged: the global model stays at the last version and η halves; workers start
   * again from it. The {@value #MAX_ROLLBACKS_PER_EPOCH}th rollback in one epoch stops the run as
   * diverged, as train-local stops.
   */
  private void rollBack() {
    rollbacks++;
    rollbacksThisEpoch++;
    if (rollbacksThisEpoch >= MAX_ROLLBACKS_PER_EPOCH) {
      policy.diverge();
    } else {
      policy.halveEta();
    }
  }

  /** Hands the epoch to the policy, writes its metrics line and, when it is the best, best.json. */
  private void endEpoch(Output out) {
    double penalty = hyper.regularization().penalty(global, hyper.lambda(), settings.epochSize());
    lastMetrics = policy.endEpoch(
        global, epochTotals.trainingCost(penalty), epochTotals.trainingAccuracy(), examples, elapsedSeconds());
    double epochSeconds = lastMetrics.elapsedSeconds() - epochTotals.startSeconds();
    double waitShare = epochSeconds > 0
        ? epochTotals.waitingMillis() / 1000.0 / (settings.parallelism() * epochSeconds) : 0;
    epochTotals = new EpochTotals(lastMetrics.elapsedSeconds());
    rollbacksThisEpoch = 0;
    Map<String, Object> fields = new LinkedHashMap<>(metricsFields);
    fields.put("worker_wait_share", Math.min(1.0, waitShare));
    out.metrics(MetricsLog.epochLine(lastMetrics, fields));
    if (policy.improvedAtLastEpoch()) {
      out.modelFile(BEST_MODEL, modelJson(policy.best()));
    }
  }

  /** Test accuracy of the best model, the closing metrics line, both model files, and STOP. */
  private void finish(Output out) {
    finished = true;
    float[] chosen = policy.best() != null ? policy.best() : global.toFlat();
    Network bestNetwork = Network.fromFlat(global.architecture(), chosen);
    double testAccuracy =
        Evaluation.of(bestNetwork, reference.test(), hyper.regularization(), hyper.lambda()).accuracy();
    out.modelFile(BEST_MODEL, modelJson(chosen));
    out.modelFile(FINAL_MODEL, modelJson(global.toFlat()));
    Map<String, Object> fields = new LinkedHashMap<>(metricsFields);
    if (policy.divergence() != null) {
      fields.put(MetricsLog.DIVERGENCE, policy.divergence());
    }
    out.metrics(MetricsLog.finalLine(testAccuracy, policy.bestEpoch(), fields));
    publish(out);
  }

  private void publish(Output out) {
    out.publish(new ModelUpdate(
        runId, generation, version, examples, policy.epoch(), policy.eta(), finished, global.toFlat(),
        globalVelocity == null ? new float[0] : globalVelocity.toFlat()));
  }

  private byte[] modelJson(float[] parameters) {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try {
      ModelFile.write(Network.fromFlat(global.architecture(), parameters), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return json.toByteArray();
  }

  private double elapsedSeconds() {
    return elapsedBefore + (System.nanoTime() - startNanos) / 1e9;
  }

  public long version() {
    return version;
  }

  public int generation() {
    return generation;
  }

  public int epoch() {
    return policy.epoch();
  }

  public boolean isFinished() {
    return finished;
  }

  /** The epoch policy: early-stopping state, η, best model, divergence. */
  public EpochPolicy policy() {
    return policy;
  }

  /** Contributions rejected as not finite since the run started. */
  public long rejectedContributions() {
    return rejectedContributions;
  }

  /** Rounds rolled back since the run started. */
  public long rollbacks() {
    return rollbacks;
  }

  /** The metrics of the last evaluated epoch, or null before the first. */
  public EpochMetrics lastMetrics() {
    return lastMetrics;
  }

  /** The current global parameters (a copy). */
  public float[] globalParameters() {
    return global == null ? new float[0] : global.toFlat();
  }

  /** Everything needed to continue: global model, counters, the epoch policy, the open round. */
  public AveragerState snapshot() {
    return new AveragerState(
        settings.parallelism(), generation, version, started, finished, examples,
        epochTotals.state(), policy.state(), elapsedSeconds(),
        started ? global.toFlat() : new float[0],
        globalVelocity == null ? new float[0] : globalVelocity.toFlat(),
        finishedWorkers.toLongArray(), round.state(), rollbacksThisEpoch, rejectedContributions, rollbacks);
  }

  /**
   * Continues from a snapshot, open round included. Workers that finished stay finished unless the
   * job was rescaled: worker numbers then mean other workers, so the open round is orphaned (it
   * closes with what it holds as soon as the reference sets are in). Call {@link #beginAttempt}
   * and, once output is possible, {@link #republish}.
   */
  public void restore(AveragerState state) {
    generation = state.generation();
    version = state.version();
    started = state.started();
    finished = state.finished();
    examples = state.examples();
    epochTotals = EpochTotals.restore(state.epochTotals());
    policy = EpochPolicy.restore(settings.training(), validator, state.policy());
    elapsedBefore = state.elapsedSeconds();
    startNanos = System.nanoTime();
    if (started) {
      global = Network.fromFlat(settings.training().architecture(), state.parameters());
      globalVelocity = state.velocity().length == 0 ? null : Network.fromFlat(global.architecture(), state.velocity());
    }
    round = Round.restore(state.round());
    rollbacksThisEpoch = state.rollbacksThisEpoch();
    rejectedContributions = state.rejectedContributions();
    rollbacks = state.rollbacks();
    finishedWorkers.clear();
    if (state.parallelism() == settings.parallelism()) {
      finishedWorkers.or(BitSet.valueOf(state.finishedWorkers()));
    } else {
      round.orphan();
    }
  }
}
