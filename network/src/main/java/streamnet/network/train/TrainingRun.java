package streamnet.network.train;

import java.util.ArrayList;
import java.util.List;
import streamnet.network.Evaluation;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.OneHot;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;

/**
 * network2's {@code SGD}: epochs of shuffled mini-batches, the four monitors after each epoch,
 * early stopping and the η schedule on validation accuracy, and the best model kept.
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

  public TrainingRun(TrainingSettings settings) {
    this.settings = settings;
  }

  /** Trains on {@code training}, selects by {@code validation}, reports on {@code test}. */
  public Result run(Dataset training, Dataset validation, Dataset test, Listener listener) {
    Rng rng = new Rng(settings.seed());
    Network network = Network.create(settings.architecture(), settings.initializer(), rng);
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(network, settings.hyperparameters(), settings.miniBatch(), rng);
    EarlyStopping rule = settings.earlyStopping();
    List<EpochMetrics> history = new ArrayList<>();
    Network best = network.copy();
    String divergence = null;
    long examples = 0;
    long start = System.nanoTime();
    int[] order = identity(training.size());
    for (int epoch = 1; epoch <= settings.epochs() && !rule.stopped(); epoch++) {
      rng.shuffle(order);
      trainEpoch(trainer, training, order, epoch, listener);
      examples += training.size();
      EpochMetrics metrics = evaluate(network, training, validation, epoch, rule.eta(), examples, start);
      history.add(metrics);
      divergence = divergence(network, metrics);
      if (divergence != null) {
        listener.epochEnded(metrics, rule);
        break;
      }
      rule = rule.observe(epoch, metrics.validationAccuracy());
      if (rule.improvedAt(epoch)) {
        best = network.copy();
      }
      trainer.setEta(rule.eta());
      listener.epochEnded(metrics, rule);
    }
    double testAccuracy = evaluation(best, test).accuracy();
    return new Result(best, network, rule.bestEpoch(), testAccuracy, history, divergence);
  }

  /** One pass over {@code training} in the order given, mini-batch by mini-batch. */
  private void trainEpoch(
      MiniBatchTrainer trainer, Dataset training, int[] order, int epoch, Listener listener) {
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
      trainer.train(xs, ys, size);
      if ((from + size) % reportEvery == 0 || from + size == order.length) {
        listener.progress(epoch, from + size, order.length);
      }
    }
  }

  private EpochMetrics evaluate(
      Network network, Dataset training, Dataset validation, int epoch, double eta, long examples, long start) {
    Evaluation onTraining = evaluation(network, training);
    Evaluation onValidation = evaluation(network, validation);
    return new EpochMetrics(
        epoch,
        eta,
        onTraining.cost(),
        onTraining.accuracy(),
        onValidation.cost(),
        onValidation.accuracy(),
        examples,
        (System.nanoTime() - start) / 1e9);
  }

  private Evaluation evaluation(Network network, Dataset data) {
    return Evaluation.of(
        network,
        data,
        settings.hyperparameters().regularization(),
        settings.hyperparameters().lambda());
  }

  /** Why the run has diverged, or null while parameters and costs are finite. */
  private static String divergence(Network network, EpochMetrics metrics) {
    if (!network.isFinite() || !Double.isFinite(metrics.trainingCost())) {
      return "training diverged in epoch " + metrics.epoch() + " (η = " + metrics.eta()
          + "): parameters or training cost are no longer finite; try a smaller --eta";
    }
    return null;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }
}
