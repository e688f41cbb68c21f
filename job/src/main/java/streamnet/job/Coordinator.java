package streamnet.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import streamnet.network.Architecture;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.data.Dataset;
import streamnet.network.drift.DriftWatch;
import streamnet.network.io.ModelFile;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.EpochPolicy;
import streamnet.network.train.MetricsLog;
import streamnet.network.train.PrequentialMetrics;
import streamnet.network.train.SlidingWindow;
import streamnet.record.Example;

/**
 * The run's one point of decision (docs/architecture.md), free of Flink. The {@link AveragerShard}s
 * average; the coordinator takes their round reports, version by version once every shard has
 * reported, and publishes each version's header (examples, epoch, η, stop) for the workers. It
 * counts rolled-back rounds (η halves; the third in an epoch stops the run as diverged), and at
 * each epoch boundary puts the whole global model together from the shards' slices and hands it
 * to the {@link EpochPolicy} that {@code train-local} uses too (validation, early stopping, η
 * schedule, best model, divergence); at the end it evaluates the best model on the test set. It
 * receives the whole model only at the rounds that need it, about once per epoch. It sums the
 * workers' prequential counts over the epoch and a sliding window and feeds them, round by round,
 * to the drift detector, whose detections restart the η schedule and the patience.
 */
public final class Coordinator {

  /** Where the coordinator's results go. */
  public interface Output {
    /** The header of a new global model version for the model topic. */
    void publish(ModelHeader header);

    /** One line of the metrics JSON-lines file. */
    void metrics(String line);

    /** A model file (network2 JSON) to write atomically under the run folder. */
    void modelFile(String name, byte[] json);

    /** A reference record that did not decode, for the dead-letter topic. */
    void deadLetter(DeadLetter letter);
  }

  public static final String BEST_MODEL = "best.json";
  public static final String FINAL_MODEL = "final.json";
  /** A live run's newest global model, rewritten at the end of every window. */
  public static final String LATEST_MODEL = "latest.json";
  /** Rollbacks within one epoch after which the run stops as diverged. */
  static final int MAX_ROLLBACKS_PER_EPOCH = 3;

  private final String runId;
  private final JobSettings settings;
  private final Architecture architecture;
  private final Hyperparameters hyper;
  private final Map<String, Object> metricsFields;
  private final ReferenceSets reference;
  private final EpochPolicy.Validator validator;

  private EpochPolicy policy;
  private Network global;
  private int generation;
  private long version;
  private boolean started;
  private boolean finished;
  private final TreeMap<Long, List<RoundReport>> pending = new TreeMap<>();
  private long examples;
  private EpochTotals epochTotals = new EpochTotals();
  private SlidingWindow window;
  private final DriftWatch drift;
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

  public Coordinator(String runId, JobSettings settings) {
    this(runId, settings, (network, data) -> Evaluation.of(
        network, data, settings.training().hyperparameters().regularization(),
        settings.training().hyperparameters().lambda()));
  }

  Coordinator(String runId, JobSettings settings, Validator validator) {
    this.runId = runId;
    this.settings = settings;
    this.architecture = settings.training().architecture();
    this.hyper = settings.training().hyperparameters();
    this.reference = new ReferenceSets(architecture.outputSize());
    this.validator = network -> validator.evaluate(network, reference.validation());
    this.policy = new EpochPolicy(settings.training(), this.validator);
    this.window = new SlidingWindow(settings.prequential().window());
    this.drift = new DriftWatch(settings.prequential().drift());
    this.metricsFields = Map.of(
        "parallelism", settings.parallelism(),
        "average_every", settings.averageEvery(),
        "mode", settings.mode().id(),
        "max_staleness", settings.maxStaleness(),
        "averagers", settings.averagers());
  }

  /** Keeps a validation or test example for evaluation. */
  public void onReference(Example example) {
    reference.add(example);
  }

  /**
   * Validation and test sets are complete: publish the header of the initial model (once; the
   * shards publish its slices), or, after a restore, close the rounds that waited for them.
   */
  public void onReferenceEnded(Output out) {
    reference.markComplete();
    if (!started) {
      started = true;
      startNanos = System.nanoTime();
      publish(out);
    } else {
      closeReadyRounds(out);
    }
  }

  /** Takes a shard's report; closes the next version once every shard has reported it. */
  public void onReport(RoundReport report, Output out) {
    if (finished || report.version() <= version) {
      return;
    }
    pending.computeIfAbsent(report.version(), v -> new ArrayList<>()).add(report);
    closeReadyRounds(out);
  }

  /**
   * Takes over the epoch policy and counters of the single averager of jobs before sharded
   * averaging, which the shard restored from its state ({@link AveragerShard#restoreSingleAverager}).
   */
  public void onSeed(CoordinatorState seed, Output out) {
    int attempt = generation;
    restore(seed);
    beginAttempt(attempt);
    republish(out);
  }

  /**
   * Starts an execution attempt: Flink's attempt number (0, then one more per restart of the job)
   * is the generation of every version this attempt publishes, so workers can tell the versions an
   * earlier, failed attempt left in the model topic from this attempt's.
   */
  public void beginAttempt(int attemptNumber) {
    generation = attemptNumber;
  }

  /** After a restore: publishes the restored version's header again, under this attempt's generation. */
  public void republish(Output out) {
    if (started && !finished) {
      publish(out);
    }
  }

  private void closeReadyRounds(Output out) {
    while (!finished && reference.isComplete() && !pending.isEmpty() && pending.firstKey() == version + 1) {
      List<RoundReport> reports = pending.firstEntry().getValue();
      if (reports.size() < reports.get(0).shards()) {
        return;
      }
      pending.pollFirstEntry();
      closeRound(reports, out);
    }
  }

  private void closeRound(List<RoundReport> reports, Output out) {
    RoundReport closed = reports.get(0);
    version = closed.version();
    if (closed.hasModel()) {
      global = Network.fromFlat(architecture, wholeModel(reports));
    }
    if (closed.rejected() > 0) {
      rejectedContributions += closed.rejected();
      rollBack();
    } else {
      scorePrequentially(closed);
      countIntoEpochs(closed, out);
    }
    if (closed.inputExhausted() && !policy.stopped()) {
      endLastEpoch(out);
    }
    if (policy.stopped() || closed.inputExhausted()) {
      finish(out);
    } else {
      publish(out);
    }
  }

  private float[] wholeModel(List<RoundReport> reports) {
    List<float[]> slices = new ArrayList<>(reports.size());
    reports.stream().sorted(Comparator.comparingInt(RoundReport::shard))
        .forEach(report -> slices.add(report.parameters()));
    return new ShardLayout(architecture.parameterCount(), reports.size()).join(slices);
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
   * Adds the round's prequential counts to the sliding window and feeds the drift detector its
   * errors, one batch per round. On a drift the η schedule and early stopping's patience start
   * again (the next header carries η0), so the network re-learns. This comes before the round's
   * examples are counted into epochs: a drift detected in the round that ends an epoch counts in
   * that epoch, and the window at an epoch's end includes the whole round that ended it.
   */
  private void scorePrequentially(RoundReport closed) {
    window.add(closed.examples(), closed.prequentialCostSum(), closed.prequentialCorrect());
    if (drift.observe(closed.examples(), closed.examples() - closed.prequentialCorrect())) {
      policy.restartSchedule();
    }
  }

  /**
   * Adds the round's examples to the epochs they fall into and ends each epoch they complete. A
   * round that crosses boundaries is split at them, its sums in proportion (its examples have no
   * finer record), so every epoch line holds its own examples, however long a round took.
   */
  private void countIntoEpochs(RoundReport closed, Output out) {
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

  /**
   * Hands the epoch to the policy, writes its metrics line and, when it is the best, best.json; a
   * live run, which has no final model, also writes its newest global model to latest.json.
   */
  private void endEpoch(Output out) {
    Network model = wholeGlobal();
    double penalty = hyper.regularization().penalty(model, hyper.lambda(), settings.epochSize());
    lastMetrics = policy.endEpoch(
        model, epochTotals.trainingCost(penalty), epochTotals.trainingAccuracy(), examples, elapsedSeconds())
        .withPrequential(new PrequentialMetrics(epochTotals.prequentialAccuracy(), epochTotals.prequentialCost(),
            window.accuracy(), window.cost(), drift.epochDrifts(), drift.totalDrifts()));
    drift.endEpoch();
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
    if (settings.training().live()) {
      out.modelFile(LATEST_MODEL, modelJson(model.toFlat()));
    }
  }

  /** Test accuracy of the best model, the closing metrics line, both model files, and STOP. */
  private void finish(Output out) {
    finished = true;
    Network last = wholeGlobal();
    float[] chosen = policy.best() != null ? policy.best() : last.toFlat();
    Network bestNetwork = Network.fromFlat(architecture, chosen);
    double testAccuracy =
        Evaluation.of(bestNetwork, reference.test(), hyper.regularization(), hyper.lambda()).accuracy();
    out.modelFile(BEST_MODEL, modelJson(chosen));
    out.modelFile(FINAL_MODEL, modelJson(last.toFlat()));
    Map<String, Object> fields = new LinkedHashMap<>(metricsFields);
    if (policy.divergence() != null) {
      fields.put(MetricsLog.DIVERGENCE, policy.divergence());
    }
    out.metrics(MetricsLog.finalLine(testAccuracy, policy.bestEpoch(), fields));
    publish(out);
  }

  /** The global model the shards sent with the round being closed (every round that needs it carries it). */
  private Network wholeGlobal() {
    if (global == null) {
      throw new IllegalStateException("version " + version + " needs the whole model, and no shard sent it");
    }
    return global;
  }

  private void publish(Output out) {
    out.publish(new ModelHeader(
        runId, generation, version, settings.averagers(), examples, policy.epoch(), policy.eta(), finished));
  }

  private byte[] modelJson(float[] parameters) {
    ByteArrayOutputStream json = new ByteArrayOutputStream();
    try {
      ModelFile.write(Network.fromFlat(architecture, parameters), json);
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

  /** The prequential accuracy and cost over the sliding window of the newest rounds. */
  public SlidingWindow slidingWindow() {
    return window;
  }

  /** Drifts the detector found since the run started. */
  public long drifts() {
    return drift.totalDrifts();
  }

  /** The metrics of the last evaluated epoch, or null before the first. */
  public EpochMetrics lastMetrics() {
    return lastMetrics;
  }

  /** Everything needed to continue: counters, the epoch policy, the reports of versions not closed yet. */
  public CoordinatorState snapshot() {
    List<RoundReport> waiting = new ArrayList<>();
    pending.values().forEach(waiting::addAll);
    return new CoordinatorState(generation, version, started, finished, examples, epochTotals.state(),
        policy.state(), elapsedSeconds(), rollbacksThisEpoch, rejectedContributions, rollbacks, waiting,
        window.state(), drift.state());
  }

  /**
   * Continues from a snapshot. Call {@link #beginAttempt} and, once output is possible,
   * {@link #republish}.
   */
  public void restore(CoordinatorState state) {
    generation = state.generation();
    version = state.version();
    started = state.started();
    finished = state.finished();
    examples = state.examples();
    epochTotals = EpochTotals.restore(state.epochTotals());
    policy = EpochPolicy.restore(settings.training(), validator, state.policy());
    elapsedBefore = state.elapsedSeconds();
    startNanos = System.nanoTime();
    rollbacksThisEpoch = state.rollbacksThisEpoch();
    rejectedContributions = state.rejectedContributions();
    rollbacks = state.rollbacks();
    window = SlidingWindow.restore(settings.prequential().window(), state.window());
    drift.restore(state.drift());
    pending.clear();
    for (RoundReport report : state.pending()) {
      pending.computeIfAbsent(report.version(), v -> new ArrayList<>()).add(report);
    }
  }
}
