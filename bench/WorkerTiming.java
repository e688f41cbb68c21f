import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
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
 * A worker's training cost per example, t_ex of docs/scaling.md: MiniBatchTrainer.train (the job's
 * worker calls the same) on the MNIST training images in mini-batches of m, in thread CPU time (this
 * machine is shared; wall time would count other processes' turns). One warm-up pass over
 * 10,000 images, then the median of 5 timed passes over the next 10,000.
 *
 * Arguments: DATA_DIR SIZES [M]
 */
public final class WorkerTiming {
  public static void main(String[] args) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Dataset training = MnistData.load(Path.of(args[0])).training();
    int[] sizes = java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
    int m = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes);
    Network network = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(1));
    MiniBatchTrainer trainer = new MiniBatchTrainer(network,
        new Hyperparameters(0.5, 5.0, Regularization.L2, 0.0, 0, 50_000), m, new Rng(1));
    float[][] xs = new float[m][];
    float[][] ys = new float[m][];
    int n = 10_000;
    pass(trainer, training, 0, n, m, xs, ys);
    long[] times = new long[5];
    for (int i = 0; i < times.length; i++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      pass(trainer, training, n, 2 * n, m, xs, ys);
      times[i] = cpu.getCurrentThreadCpuTime() - t0;
    }
    java.util.Arrays.sort(times);
    System.out.printf("sizes=%s m=%d parameters=%d ns_per_example=%.0f examples_per_cpu_second=%.0f%n",
        args[1], m, network.parameterCount(), times[2] / (double) n, n * 1e9 / times[2]);
  }

  private static void pass(MiniBatchTrainer trainer, Dataset data, int from, int to, int m, float[][] xs, float[][] ys) {
    for (int i = from; i + m <= to; i += m) {
      for (int j = 0; j < m; j++) {
        xs[j] = data.image(i + j);
        float[] y = new float[data.classes()];
        y[data.label(i + j)] = 1;
        ys[j] = y;
      }
      trainer.train(xs, ys, m);
    }
  }
}
