package streamnet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.OneHot;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;

/**
 * Times whole epochs of network2's SGD (η 0.5, λ 5, sigmoid, cross-entropy) on MNIST's 50,000
 * training images with {@link MiniBatchTrainer} alone: no evaluation inside the timing.
 *
 * <p>Usage: {@code EpochSpeed DATA_DIR SIZES MINI_BATCH WARMUP_EPOCHS TIMED_EPOCHS}, e.g.
 * {@code data/mnist 784,30,10 10 1 3}. Prints one {@code java ... examples/s} line (bench/epoch-speed.sh
 * reads it) with the wall-clock rate and the rate per second of this thread's CPU time (which other
 * processes on a loaded machine disturb less), then the validation accuracy, to show the run learned.
 */
public final class EpochSpeed {
  private static final double ETA = 0.5;
  private static final double LAMBDA = 5.0;

  private EpochSpeed() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println("usage: EpochSpeed DATA_DIR SIZES MINI_BATCH WARMUP_EPOCHS TIMED_EPOCHS");
      System.exit(2);
    }
    MnistData data = MnistData.load(Path.of(args[0]));
    int[] sizes = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int miniBatch = Integer.parseInt(args[2]);
    int warmup = Integer.parseInt(args[3]);
    int timed = Integer.parseInt(args[4]);

    Dataset training = data.training();
    Rng rng = new Rng(1);
    Network network =
        Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes), WeightInitializer.DEFAULT, rng);
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(network, Hyperparameters.sgd(ETA, LAMBDA, training.size()), miniBatch, rng);
    Epochs epochs = new Epochs(training, trainer, miniBatch, rng);
    for (int e = 0; e < warmup; e++) {
      epochs.run();
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int e = 0; e < timed; e++) {
      epochs.run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double accuracy = Evaluation.of(network, data.validation(), Regularization.L2, LAMBDA).accuracy();
    double examples = (double) timed * epochs.examples();
    System.out.printf(
        "java %s mini-batch %d: %.0f examples/s, %.0f per CPU second (%d timed epochs of %d after %d warm-up)%n",
        args[1], miniBatch, examples / seconds, examples / cpuSeconds, timed, epochs.examples(), warmup);
    System.out.printf("java %s mini-batch %d: validation accuracy %.4f after %d epochs%n",
        args[1], miniBatch, accuracy, warmup + timed);
  }

  /** Shuffled passes over the training set in whole mini-batches, as network2's SGD makes them. */
  private static final class Epochs {
    private final Dataset training;
    private final MiniBatchTrainer trainer;
    private final int miniBatch;
    private final Rng rng;
    private final int[] order;
    private final float[][] xs;
    private final float[][] ys;
    private final float[][] oneHot;

    Epochs(Dataset training, MiniBatchTrainer trainer, int miniBatch, Rng rng) {
      this.training = training;
      this.trainer = trainer;
      this.miniBatch = miniBatch;
      this.rng = rng;
      this.order = new int[training.size()];
      Arrays.setAll(order, i -> i);
      this.xs = new float[miniBatch][];
      this.ys = new float[miniBatch][];
      this.oneHot = OneHot.vectors(training.classes());
    }

    /** Examples trained per epoch (the last partial mini-batch is dropped). */
    int examples() {
      return order.length / miniBatch * miniBatch;
    }

    void run() {
      rng.shuffle(order);
      for (int k = 0; k + miniBatch <= order.length; k += miniBatch) {
        for (int e = 0; e < miniBatch; e++) {
          xs[e] = training.image(order[k + e]);
          ys[e] = oneHot[training.label(order[k + e])];
        }
        trainer.train(xs, ys, miniBatch);
      }
    }
  }
}
