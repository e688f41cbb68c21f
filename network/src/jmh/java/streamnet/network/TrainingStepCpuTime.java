package streamnet.network;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import streamnet.bench.FmaPeakBenchmark;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;

/**
 * Training steps of network2's network (sigmoid, cross-entropy, η 0.5, λ 5) per second of this
 * thread's CPU time, with the row loops alone ({@link KernelChoice#SPARSE}, what a JVM without the
 * Vector API runs) and with the kernels chosen by density ({@link KernelChoice#BY_DENSITY}), on the
 * training images of each given IDX directory, and {@link FmaPeakBenchmark#vectorFma} as the peak.
 * For a machine too loaded for wall-clock timing: the candidates take turns, 7 rounds of about
 * 0.15 s of CPU time each over consecutive mini-batches, and each line gives the median round.
 * The peak is also timed for one round right after each timed round of the chosen kernels, and
 * each line gives the median of those rounds' shares of their own peak as well: the machine's speed
 * drifts within minutes here, and a share whose two sides are timed seconds apart drifts with it.
 * Before them each candidate trains 8 rounds of warm-up (1.2 s of CPU time): at [784,30,10] on
 * dense inputs C2 compiles the Vector API kernels only after about 0.75 s, and one round of
 * warm-up left some JVMs' timed rounds at half speed (docs/performance.md).
 *
 * <p>Usage: {@code TrainingStepCpuTime SIZES;SIZES... MINI_BATCH,... DIR...}, e.g.
 * {@code "784,30,10;784,100,10" 10,100 data/mnist bench/results/dense-idx}; run with
 * {@code --add-modules jdk.incubator.vector}.
 */
public final class TrainingStepCpuTime {
  private static final int ROUNDS = 7;
  private static final int WARMUP_ROUNDS = 8;
  private static final long ROUND_NANOS = 150_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final FmaPeakBenchmark PEAK = new FmaPeakBenchmark();

  private TrainingStepCpuTime() {}

  public static void main(String[] args) throws IOException {
    double peak = peak();
    System.out.printf("peak %.1f GFLOP/s (vectorFma per CPU second, median of %d rounds)%n", peak, ROUNDS);
    for (int d = 2; d < args.length; d++) {
      Dataset training = MnistData.load(Path.of(args[d])).training();
      float[][] images = new float[training.size()][];
      float[][] targets = new float[training.size()][];
      float[][] oneHot = OneHot.vectors(training.classes());
      for (int i = 0; i < images.length; i++) {
        images[i] = training.image(i);
        targets[i] = oneHot[training.label(i)];
      }
      for (String sizes : args[0].split(";")) {
        for (String batch : args[1].split(",")) {
          int m = Integer.parseInt(batch);
          int[] layers = Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray();
          Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, layers);
          Network start = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(7));
          Hyperparameters hyper = Hyperparameters.sgd(0.5, 5.0, images.length);
          CoreStepDriver rows = new CoreStepDriver(new MiniBatchTrainer(start.copy(), hyper, m, new Rng(8), KernelChoice.SPARSE), m,
              images, targets, ROUND_NANOS);
          CoreStepDriver chosen = new CoreStepDriver(new MiniBatchTrainer(start.copy(), hyper, m, new Rng(8), KernelChoice.BY_DENSITY),
              m, images, targets, ROUND_NANOS);
          double perExample = flopsPerExample(layers);
          double[] rowRounds = new double[ROUNDS];
          double[] chosenRounds = new double[ROUNDS];
          double[] chosenShares = new double[ROUNDS];
          for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            double r = rows.getAsDouble();
            double c = chosen.getAsDouble();
            if (round >= 0) {
              rowRounds[round] = r;
              chosenRounds[round] = c;
              chosenShares[round] = c * perExample / 1e9 / peakRound();
            }
          }
          double rowRate = median(rowRounds);
          double chosenRate = median(chosenRounds);
          System.out.printf("%s [%s] mini-batch %d: row loops %.0f ex/s (%.1f GFLOP/s, %.0f %%), by density %.0f ex/s (%.1f GFLOP/s, %.0f %%; %.0f %% of the peak of its own rounds), dense layer 0: %b%n",
              args[d], sizes, m, rowRate, rowRate * perExample / 1e9, 100 * rowRate * perExample / 1e9 / peak,
              chosenRate, chosenRate * perExample / 1e9, 100 * chosenRate * perExample / 1e9 / peak,
              100 * median(chosenShares), chosen.trainer().usedDenseKernels(0));
        }
      }
    }
    System.out.printf("peak %.1f GFLOP/s at the end%n", peak());
  }

  /** Forward and weight gradients 2·in·out each per layer, back-propagated errors 2·in·out past layer 0. */
  static double flopsPerExample(int[] sizes) {
    double flops = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      flops += (l == 0 ? 4.0 : 6.0) * sizes[l] * sizes[l + 1];
    }
    return flops;
  }

  private static double peak() {
    double[] rounds = new double[ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      double gflops = peakRound();
      if (round >= 0) {
        rounds[round] = gflops;
      }
    }
    return median(rounds);
  }

  /** {@link FmaPeakBenchmark#vectorFma} for one round of CPU time, in GFLOP/s. */
  private static double peakRound() {
    long start = THREADS.getCurrentThreadCpuTime();
    long calls = 0;
    long elapsed;
    float sink = 0;
    do {
      sink += PEAK.vectorFmaCalls();
      calls += FmaPeakBenchmark.CALLS_PER_CLOCK_READ;
      elapsed = THREADS.getCurrentThreadCpuTime() - start;
    } while (elapsed < ROUND_NANOS);
    if (Float.isNaN(sink)) {
      throw new AssertionError();
    }
    return (double) FmaPeakBenchmark.VECTOR_FLOPS * calls / elapsed;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
