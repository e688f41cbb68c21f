import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;

/**
 * What scoring each mini-batch before training on it costs a worker: MiniBatchTrainer.train against
 * MiniBatchTrainer.testThenTrain (what the job's worker and train-local call) on 10,000 MNIST
 * training images in mini-batches of m, without dropout (the training forward pass is reused) and
 * with dropout 0.5 (an extra forward pass without masks). Thread CPU time (the machine is shared),
 * the two alternated pass by pass after a warm-up, median of 7 passes each.
 *
 * Arguments: DATA_DIR SIZES [M]
 */
public final class PrequentialTiming {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final int N = 10_000;
  private static final int PASSES = 7;

  public static void main(String[] args) throws Exception {
    Dataset training = MnistData.load(Path.of(args[0])).training();
    int[] sizes = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int m = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    for (double dropout : new double[] {0, 0.5}) {
      MiniBatchTrainer plain = trainer(sizes, m, dropout);
      MiniBatchTrainer scored = trainer(sizes, m, dropout);
      pass(plain, training, m, false);
      pass(scored, training, m, true);
      long[] plainNanos = new long[PASSES];
      long[] scoredNanos = new long[PASSES];
      for (int i = 0; i < PASSES; i++) {
        plainNanos[i] = pass(plain, training, m, false);
        scoredNanos[i] = pass(scored, training, m, true);
      }
      double train = median(plainNanos) / (double) N;
      double testThenTrain = median(scoredNanos) / (double) N;
      System.out.printf("%s m=%d dropout %.1f: train %.0f ns/example, testThenTrain %.0f ns/example (%+.1f %%)%n",
          args[1], m, dropout, train, testThenTrain, 100 * (testThenTrain / train - 1));
    }
  }

  private static MiniBatchTrainer trainer(int[] sizes, int m, double dropout) {
    Network network = Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes), WeightInitializer.DEFAULT,
        new Rng(1));
    return new MiniBatchTrainer(network, new Hyperparameters(0.5, 5.0, Regularization.L2, 0, dropout, 50_000), m,
        new Rng(1));
  }

  /** One pass over the first N images; its thread CPU nanoseconds. */
  private static long pass(MiniBatchTrainer trainer, Dataset training, int m, boolean scored) {
    float[][] targets = streamnet.network.OneHot.vectors(10);
    float[][] xs = new float[m][];
    float[][] ys = new float[m][];
    long correct = 0;
    long t0 = CPU.getCurrentThreadCpuTime();
    for (int from = 0; from < N; from += m) {
      for (int e = 0; e < m; e++) {
        xs[e] = training.image(from + e);
        ys[e] = targets[training.label(from + e)];
      }
      if (scored) {
        correct += trainer.testThenTrain(xs, ys, m).correct();
      } else {
        trainer.train(xs, ys, m);
      }
    }
    long nanos = CPU.getCurrentThreadCpuTime() - t0;
    if (correct < 0) {
      throw new AssertionError();
    }
    return nanos;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
