package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.io.ModelFile;
import streamnet.network.train.EarlyStopping;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.MetricsLog;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/**
 * The parameter-averaging side of the protocol (docs/architecture.md), free of Flink. Holds the
 * global model; closes a round when every live worker has reported for the current version and
 * publishes the example-weighted average; at each epoch boundary evaluates on the validation set,
 * applies early stopping and the η schedule, keeps the best model; at the end evaluates the best
 * model on the test set.
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
  }

  public static final String BEST_MODEL = "best.json";
  public static final String FINAL_MODEL = "final.json";

  private final String runId;
  private final JobSettings settings;
  private final Hyperparameters hyper;
  private final Map<String, Object> metricsFields;
  private final List<Example> validationExamples = new ArrayList<>();
  private final List<Example> testExamples = new ArrayList<>();
  private Dataset validation;
  private Dataset test;

  private Network global;
  private Network globalVelocity;
  private int generation;
  private long version;
  private boolean referenceComplete;
  private boolean started;
  private boolean finished;

  private double[] parameterSum;
  private double[] velocitySum;
  private long roundExamples;
  private double roundCost;
  private long roundCorrect;
  private long roundWaitingMillis;
  private final BitSet reported = new BitSet();
  private final BitSet finishedWorkers = new BitSet();

  private long examples;
  private int epoch;
  private double epochCost;
  private long epochCorrect;
  private long epochExamples;
  private long epochWaitingMillis;
  private double epochStartSeconds;
  private EarlyStopping rule;
  private float[] best;
  private EpochMetrics lastMetrics;
  private double elapsedBefore;
  private long startNanos = System.nanoTime();

  /** Scores the global model on the validation set (replaceable so tests can script a curve). */
  interface Validator {
    Evaluation evaluate(Network network, Dataset validation);
  }

  private final Validator validator;

  public Averager(String runId, JobSettings settings) {
    this(runId, settings, (network, data) -> Evaluation.of(
        network, data, settings.training().hyperparameters().regularization(),
        settings.training().hyperparameters().lambda()));
  }

  Averager(String runId, JobSettings settings, Validator validator) {
    this.validator = validator;
    this.runId = runId;
    this.settings = settings;
    this.hyper = settings.training().hyperparameters();
    this.rule = settings.training().earlyStopping();
    this.metricsFields = Map.of(
        "parallelism", settings.parallelism(),
        "average_every", settings.averageEvery(),
        "mode", settings.mode().id());
  }

  /** Keeps a validation or test example for evaluation. */
  public void onReference(Example example) {
    if (example.split() == Split.VALIDATION) {
      validationExamples.add(example);
    } else if (example.split() == Split.TEST) {
      testExamples.add(example);
    }
  }

  /** Validation and test sets are complete: publish the shared initial model (once). */
  public void onReferenceEnded(Output out) {
    referenceComplete = true;
    if (!started) {
      global = Network.create(
          settings.training().architecture(),
          settings.training().initializer(),
          new Rng(settings.training().seed()));
      globalVelocity = hyper.momentum() > 0 ? Network.zeros(global.architecture()) : null;
      started = true;
      startNanos = System.nanoTime();
      publish(out);
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
      reported.set(c.worker());
      roundWaitingMillis += c.waitingMillis();
      accumulate(c);
    }
    if (roundComplete()) {
      closeRound(out);
    }
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
    if (started) {
      publish(out);
    }
  }

  private void accumulate(Contribution c) {
    if (c.examples() == 0) {
      return;
    }
    if (parameterSum == null) {
      parameterSum = new double[c.parameters().length];
      velocitySum = new double[c.velocity().length];
    }
    addWeighted(parameterSum, c.parameters(), c.examples());
    addWeighted(velocitySum, c.velocity(), c.examples());
    roundExamples += c.examples();
    roundCost += c.costSum();
    roundCorrect += c.correct();
  }

  private static void addWeighted(double[] sum, float[] values, long weight) {
    for (int p = 0; p < values.length; p++) {
      sum[p] += (double) weight * values[p];
    }
  }

  private boolean roundComplete() {
    for (int w = 0; w < settings.parallelism(); w++) {
      if (!reported.get(w) && !finishedWorkers.get(w)) {
        return false;
      }
    }
    return true;
  }

  private void closeRound(Output out) {
    if (roundExamples > 0) {
      global.setFlat(average(parameterSum, roundExamples));
      if (globalVelocity != null && velocitySum.length > 0) {
        globalVelocity.setFlat(average(velocitySum, roundExamples));
      }
    }
    examples += roundExamples;
    epochExamples += roundExamples;
    epochCost += roundCost;
    epochCorrect += roundCorrect;
    epochWaitingMillis += roundWaitingMillis;
    clearRound();
    version++;
    while (!rule.stopped() && examples >= (long) (epoch + 1) * settings.epochSize()) {
      endEpoch(out);
    }
    boolean inputExhausted = finishedWorkers.cardinality() >= settings.parallelism();
    if (rule.stopped() || inputExhausted) {
      if (inputExhausted && epochExamples > 0 && !rule.stopped()) {
        endEpoch(out);
      }
      finish(out);
    } else {
      publish(out);
    }
  }

  private static float[] average(double[] sum, long weight) {
    float[] mean = new float[sum.length];
    for (int p = 0; p < sum.length; p++) {
      mean[p] = (float) (sum[p] / weight);
    }
    return mean;
  }

  /** Evaluates the global model, records the epoch, applies early stopping and the schedule. */
  private void endEpoch(Output out) {
    epoch++;
    Evaluation onValidation = validator.evaluate(global, validation());
    double penalty = hyper.regularization().penalty(global, hyper.lambda(), settings.epochSize());
    lastMetrics = new EpochMetrics(
        epoch,
        rule.eta(),
        epochExamples == 0 ? 0 : epochCost / epochExamples + penalty,
        epochExamples == 0 ? 0 : (double) epochCorrect / epochExamples,
        onValidation.cost(),
        onValidation.accuracy(),
        examples,
        elapsedSeconds());
    double epochSeconds = lastMetrics.elapsedSeconds() - epochStartSeconds;
    double waitShare = epochSeconds > 0
        ? epochWaitingMillis / 1000.0 / (settings.parallelism() * epochSeconds) : 0;
    epochCost = 0;
    epochCorrect = 0;
    epochExamples = 0;
    epochWaitingMillis = 0;
    epochStartSeconds = lastMetrics.elapsedSeconds();
    rule = rule.observe(epoch, onValidation.accuracy());
    if (epoch >= settings.training().epochs() && !rule.stopped()) {
      rule = rule.stopNow();
    }
    Map<String, Object> fields = new LinkedHashMap<>(metricsFields);
    fields.put("worker_wait_share", Math.min(1.0, waitShare));
    out.metrics(MetricsLog.epochLine(lastMetrics, fields));
    if (rule.improvedAt(epoch)) {
      best = global.toFlat();
      out.modelFile(BEST_MODEL, modelJson(best));
    }
  }

  /** Test accuracy of the best model, the closing metrics line, both model files, and STOP. */
  private void finish(Output out) {
    finished = true;
    float[] chosen = best != null ? best : global.toFlat();
    Network bestNetwork = Network.fromFlat(global.architecture(), chosen);
    double testAccuracy = Evaluation.of(bestNetwork, test(), hyper.regularization(), hyper.lambda()).accuracy();
    out.modelFile(BEST_MODEL, modelJson(chosen));
    out.modelFile(FINAL_MODEL, modelJson(global.toFlat()));
    out.metrics(MetricsLog.finalLine(testAccuracy, rule.bestEpoch(), metricsFields));
    publish(out);
  }

  private void publish(Output out) {
    out.publish(new ModelUpdate(
        runId, generation, version, examples, epoch, rule.eta(), finished, global.toFlat(),
        globalVelocity == null ? new float[0] : globalVelocity.toFlat()));
  }

  private void clearRound() {
    parameterSum = null;
    velocitySum = null;
    roundExamples = 0;
    roundCost = 0;
    roundCorrect = 0;
    roundWaitingMillis = 0;
    reported.clear();
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

  private Dataset validation() {
    if (validation == null) {
      validation = dataset(validationExamples);
    }
    return validation;
  }

  private Dataset test() {
    if (test == null) {
      test = dataset(testExamples);
    }
    return test;
  }

  private Dataset dataset(List<Example> list) {
    float[][] images = new float[list.size()][];
    int[] labels = new int[list.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = list.get(i).image();
      labels[i] = list.get(i).label();
    }
    return new Dataset(images, labels, global.architecture().outputSize());
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
    return epoch;
  }

  public boolean isFinished() {
    return finished;
  }

  /** The early-stopping rule's state: best accuracy, epochs without improvement, η. */
  public EarlyStopping rule() {
    return rule;
  }

  /** The metrics of the last evaluated epoch, or null before the first. */
  public EpochMetrics lastMetrics() {
    return lastMetrics;
  }

  /** The current global parameters (a copy). */
  public float[] globalParameters() {
    return global == null ? new float[0] : global.toFlat();
  }

  /** Everything needed to continue: global model, counters, early-stopping state, best model, data. */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(settings.parallelism());
      out.writeInt(generation);
      out.writeLong(version);
      out.writeBoolean(referenceComplete);
      out.writeBoolean(started);
      out.writeBoolean(finished);
      out.writeLong(examples);
      out.writeInt(epoch);
      out.writeDouble(epochCost);
      out.writeLong(epochCorrect);
      out.writeLong(epochExamples);
      out.writeLong(epochWaitingMillis);
      out.writeDouble(epochStartSeconds);
      out.writeInt(rule.bestEpoch());
      out.writeDouble(rule.best());
      out.writeInt(rule.epochsWithoutImprovement());
      out.writeDouble(rule.eta());
      out.writeInt(rule.halvings());
      out.writeBoolean(rule.stopped());
      out.writeDouble(elapsedSeconds());
      Snapshots.writeFloats(out, started ? global.toFlat() : new float[0]);
      Snapshots.writeFloats(out, globalVelocity == null ? new float[0] : globalVelocity.toFlat());
      Snapshots.writeFloats(out, best == null ? new float[0] : best);
      Snapshots.writeLongs(out, finishedWorkers.toLongArray());
      Snapshots.writeLongs(out, reported.toLongArray());
      Snapshots.writeDoubles(out, parameterSum == null ? new double[0] : parameterSum);
      Snapshots.writeDoubles(out, velocitySum == null ? new double[0] : velocitySum);
      out.writeLong(roundExamples);
      out.writeDouble(roundCost);
      out.writeLong(roundCorrect);
      out.writeLong(roundWaitingMillis);
      Snapshots.writeExamples(out, validationExamples);
      Snapshots.writeExamples(out, testExamples);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Continues from a snapshot, open round included. Workers that finished stay finished unless the
   * job was rescaled (worker numbers then mean other workers, and the open round is dropped). Call
   * {@link #beginAttempt} and, once output is possible, {@link #republish}.
   */
  public void restore(byte[] snapshot) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int savedParallelism = in.readInt();
      generation = in.readInt();
      version = in.readLong();
      referenceComplete = in.readBoolean();
      started = in.readBoolean();
      finished = in.readBoolean();
      examples = in.readLong();
      epoch = in.readInt();
      epochCost = in.readDouble();
      epochCorrect = in.readLong();
      epochExamples = in.readLong();
      epochWaitingMillis = in.readLong();
      epochStartSeconds = in.readDouble();
      int bestEpoch = in.readInt();
      double bestValue = in.readDouble();
      int without = in.readInt();
      double eta = in.readDouble();
      int halvings = in.readInt();
      boolean stopped = in.readBoolean();
      rule = new EarlyStopping(rule.direction(), rule.patience(), rule.halveEta(), rule.initialEta(),
          bestValue, bestEpoch, without, eta, halvings, stopped);
      elapsedBefore = in.readDouble();
      startNanos = System.nanoTime();
      float[] parameters = Snapshots.readFloats(in);
      float[] velocity = Snapshots.readFloats(in);
      float[] savedBest = Snapshots.readFloats(in);
      if (started) {
        global = Network.fromFlat(settings.training().architecture(), parameters);
        globalVelocity = velocity.length == 0 ? null : Network.fromFlat(global.architecture(), velocity);
      }
      best = savedBest.length == 0 ? null : savedBest;
      BitSet savedFinished = BitSet.valueOf(Snapshots.readLongs(in));
      BitSet savedReported = BitSet.valueOf(Snapshots.readLongs(in));
      double[] savedSum = Snapshots.readDoubles(in);
      double[] savedVelocitySum = Snapshots.readDoubles(in);
      long savedRoundExamples = in.readLong();
      double savedRoundCost = in.readDouble();
      long savedRoundCorrect = in.readLong();
      long savedRoundWaiting = in.readLong();
      clearRound();
      finishedWorkers.clear();
      if (savedParallelism != settings.parallelism()) {
        // Rescaled: the open round is dropped, and a new version tells every worker not to wait for it.
        version++;
      } else {
        // The open round survives: its contributions are in this snapshot, the rest will come.
        finishedWorkers.or(savedFinished);
        reported.or(savedReported);
        parameterSum = savedSum.length == 0 ? null : savedSum;
        velocitySum = savedSum.length == 0 ? null : savedVelocitySum;
        roundExamples = savedRoundExamples;
        roundCost = savedRoundCost;
        roundCorrect = savedRoundCorrect;
        roundWaitingMillis = savedRoundWaiting;
      }
      validationExamples.addAll(Snapshots.readExamples(in));
      testExamples.addAll(Snapshots.readExamples(in));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt averager snapshot", e);
    }
  }
}
