package streamnet.network;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.DoubleSupplier;

/**
 * One checkout's training steps for {@link CoreComparison}: network2's network (sigmoid,
 * cross-entropy, η 0.5, λ 5) trained by the public {@link MiniBatchTrainer} constructor (the
 * kernels a user gets) over consecutive mini-batches, wrapping around the images. Each
 * {@link #getAsDouble} trains for about {@code roundNanos} of this thread's CPU time and returns
 * examples per CPU second. {@link CoreComparison} defines this class once in each checkout's class
 * loader, so it uses only the API every compared core has and JDK types towards the harness.
 */
public final class CoreStepDriver implements DoubleSupplier {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final MiniBatchTrainer trainer;
  private final float[][] images;
  private final float[][] targets;
  private final int m;
  private final long roundNanos;
  private final float[][] xs;
  private final float[][] ys;
  private int next;

  public CoreStepDriver(int[] sizes, int m, float[][] images, float[][] targets, long roundNanos) {
    this(new MiniBatchTrainer(Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes), WeightInitializer.DEFAULT,
        new Rng(7)), Hyperparameters.sgd(0.5, 5.0, images.length), m, new Rng(8)), m, images, targets, roundNanos);
  }

  /** Steps of a given trainer (TrainingStepCpuTime's, with a kernel choice of its own). */
  CoreStepDriver(MiniBatchTrainer trainer, int m, float[][] images, float[][] targets, long roundNanos) {
    this.trainer = trainer;
    this.images = images;
    this.targets = targets;
    this.m = m;
    this.roundNanos = roundNanos;
    this.xs = new float[m][];
    this.ys = new float[m][];
  }

  MiniBatchTrainer trainer() {
    return trainer;
  }

  @Override
  public double getAsDouble() {
    long start = THREADS.getCurrentThreadCpuTime();
    long examples = 0;
    long elapsed;
    do {
      if (next + m > images.length) {
        next = 0;
      }
      System.arraycopy(images, next, xs, 0, m);
      System.arraycopy(targets, next, ys, 0, m);
      next += m;
      trainer.train(xs, ys, m);
      examples += m;
      elapsed = THREADS.getCurrentThreadCpuTime() - start;
    } while (elapsed < roundNanos);
    return examples * 1e9 / elapsed;
  }
}
