package streamnet.network.train;

import java.util.ArrayList;
import java.util.List;
import streamnet.network.Evaluation;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.OneHot;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.drift.DriftWatch;

/**
 * network2's {@code SGD}: epochs of shuffled mini-batches, the four monitors after each epoch, and
 * at each epoch's end the {@link EpochPolicy}: early stopping and the η schedule on validation
 * accuracy, divergence, and the best model kept. Every mini-batch is first predicted, then trained
 * on (test-then-train): the prequential figures over the epoch and the sliding window, and the
 * drift detector, fed per mini-batch, whose detections restart the η schedule and the patience.
 */
public final class TrainingRun {

  /** Hears about a run's progress. */
  public interface Listener {
    /** {@code done} of {@code total} examples of epoch {@code epoch} trained. */
    default void progress(int epoch, int done, int total) {}

    /** An epoch finished and was evaluated. */
    default void epochEnded(EpochMetrics metrics, EarlyStopping rule) {}
  }

  /** How a run ended: the best model by validation accuracy, its test accuracy, the history. */
  public record Result(
      Network best,
      Network last,
      int bestEpoch,
      double testAccuracy,
      List<EpochMetrics> history,
      String divergence) {

    /** Whether training stopped because parameters or cost became NaN or infinite. */
    public boolean diverged() {
      return divergence != null;
    }
  }

  private final TrainingSettings settings;
  private final PrequentialSettings prequential;

  /** A run with the default prequential window and drift detection. */
  public TrainingRun(TrainingSettings settings) {
    this(settings, PrequentialSettings.DEFAULT);
  }

  public TrainingRun(TrainingSettings settings, PrequentialSettings prequential) {
    this.settings = settings;
    this.prequential = prequential;
  }

  /** Trains on {@code training}, selects by {@code validation}, reports on {@code test}. */
  public Result run(Dataset training, Dataset validation, Dataset test, Listener listener) {
    Rng rng = new Rng(settings.seed());
    Network network = settings.initialNetwork(rng);
    Network initial = network.copy();
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(network, settings.hyperparameters(), settings.miniBatch(), rng);
    EpochPolicy policy = new EpochPolicy(settings, model -> evaluation(model, validation));
    Scores scores = new Scores(prequential);
    List<EpochMetrics> history = new ArrayList<>();
    long examples = 0;
    long start = System.nanoTime();
    int[] order = identity(training.size());
    while (!policy.stopped()) {
      rng.shuffle(order);
      trainEpoch(trainer, policy, scores, training, order, listener);
      examples += training.size();
      Evaluation onTraining = evaluation(network, training);
      EpochMetrics metrics = policy.endEpoch(
          network, onTraining.cost(), onTraining.accuracy(), examples, (System.nanoTime() - start) / 1e9)
          .withPrequential(scores.endEpoch());
      history.add(metrics);
      trainer.setEta(policy.eta());
      listener.epochEnded(metrics, policy.rule());
    }
    Network best = bestModel(policy, initial);
    double testAccuracy = evaluation(best, test).accuracy();
    return new Result(best, network, policy.bestEpoch(), testAccuracy, history, policy.divergence());
  }

  /** The best epoch's model, or the starting one when no epoch improved (divergence in the first). */
  private static Network bestModel(EpochPolicy policy, Network initial) {
    float[] best = policy.best();
    return best == null ? initial : Network.fromFlat(initial.architecture(), best);
  }

  /** One pass over {@code training} in the order given, mini-batch by mini-batch, each scored before it is trained. */
  private void trainEpoch(MiniBatchTrainer trainer, EpochPolicy policy, Scores scores, Dataset training, int[] order,
      Listener listener) {
    int epoch = policy.epoch() + 1;
    int m = settings.miniBatch();
    float[][] targets = OneHot.vectors(training.classes());
    float[][] xs = new float[m][];
    float[][] ys = new float[m][];
    int reportEvery = Math.max(m, training.size() / 100 / m * m);
    for (int from = 0; from < order.length; from += m) {
      int size = Math.min(m, order.length - from);
      for (int e = 0; e < size; e++) {
        int example = order[from + e];
        xs[e] = training.image(example);
        ys[e] = targets[training.label(example)];
      }
      if (scores.add(size, trainer.testThenTrain(xs, ys, size))) {
        policy.restartSchedule();
        trainer.setEta(policy.eta());
      }
      if ((from + size) % reportEvery == 0 || from + size == order.length) {
        listener.progress(epoch, from + size, order.length);
      }
    }
  }

  /** The prequential sums of the epoch in progress, the sliding window and the drift detector. */
  private static final class Scores {
    private final SlidingWindow window;
    private final DriftWatch drift;
    private long examples;
    private double costSum;
    private long correct;

    Scores(PrequentialSettings settings) {
      this.window = new SlidingWindow(settings.window());
      this.drift = new DriftWatch(settings.drift());
    }

    /** Counts a mini-batch's predictions; returns whether the detector saw a drift. */
    boolean add(int size, MiniBatchTrainer.BatchScore score) {
      examples += size;
      costSum += score.costSum();
      correct += score.correct();
      window.add(size, score.costSum(), score.correct());
      return drift.observe(size, size - score.correct());
    }

    /** The epoch's figures; the next epoch's sums start at 0 (the window and the run's drift count go on). */
    PrequentialMetrics endEpoch() {
      PrequentialMetrics figures = new PrequentialMetrics((double) correct / examples, costSum / examples,
          window.accuracy(), window.cost(), drift.epochDrifts(), drift.totalDrifts());
      examples = 0;
      costSum = 0;
      correct = 0;
      drift.endEpoch();
      return figures;
    }
  }

  private Evaluation evaluation(Network network, Dataset data) {
    return Evaluation.of(
        network,
        data,
        settings.hyperparameters().regularization(),
        settings.hyperparameters().lambda());
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
