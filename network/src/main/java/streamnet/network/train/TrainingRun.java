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
 * network2's {@code SGD}: epochs of shuffled mini-batches, the four monitors after each epoch, and
 * at each epoch's end the {@link EpochPolicy}: early stopping and the η schedule on validation
 * accuracy, divergence, and the best model kept.
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
    Network network = settings.initialNetwork(rng);
    Network initial = network.copy();
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(network, settings.hyperparameters(), settings.miniBatch(), rng);
    EpochPolicy policy = new EpochPolicy(settings, model -> evaluation(model, validation));
    List<EpochMetrics> history = new ArrayList<>();
    long examples = 0;
    long start = System.nanoTime();
    int[] order = identity(training.size());
    while (!policy.stopped()) {
      rng.shuffle(order);
      trainEpoch(trainer, training, order, policy.epoch() + 1, listener);
      examples += training.size();
      Evaluation onTraining = evaluation(network, training);
      EpochMetrics metrics = policy.endEpoch(
          network, onTraining.cost(), onTraining.accuracy(), examples, (System.nanoTime() - start) / 1e9);
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
