package streamnet.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.data.MnistData;

/**
 * One training step (backpropagation over a mini-batch and the L2 update) of network2's sigmoid,
 * cross-entropy network, on one thread: streamnet's trainer in a JVM without the Vector API (row
 * loops only) and with it (dense products where a layer's inputs are mostly nonzero), against
 * EJML's matrix products. {@code inputs} is {@code mnist} (MNIST's training images, or look-alikes
 * with 19 % nonzero pixels if data/mnist is missing) or {@code dense} (every pixel uniform in (0, 1]).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-XX:ActiveProcessorCount=1")
public class TrainingStepBenchmark {
  private static final double ETA = 0.5;
  private static final double LAMBDA = 5.0;
  /** Largest parameter difference allowed between the two implementations after one step. */
  private static final float TOLERANCE = 1e-5f;

  @Param({"784,30,10", "784,100,10"})
  public String sizes;

  @Param({"10", "100"})
  public int miniBatch;

  @Param({"mnist", "dense"})
  public String inputs;

  private float[][][] inputBatches;
  private float[][][] targetBatches;
  private MiniBatchTrainer trainer;
  private EjmlTrainingStep ejml;
  private int next;

  /** Loads the examples, checks that both implementations take the same step, builds both. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    BenchInputs examples =
        inputs.equals("dense") ? BenchInputs.dense(new Rng(1)) : BenchInputs.load(MnistData.defaultDir());
    System.out.println("inputs: " + examples.source());
    inputBatches = BenchInputs.batches(examples.images(), miniBatch);
    targetBatches = BenchInputs.batches(examples.targets(), miniBatch);
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, parseSizes(sizes));
    Network start = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(7));
    checkSameStep(start, examples.images().length);
    trainer = new MiniBatchTrainer(start.copy(), hyperparameters(examples.images().length), miniBatch, new Rng(8));
    ejml = new EjmlTrainingStep(start, ETA, LAMBDA, examples.images().length, miniBatch);
  }

  /** The trainer where the JVM lacks the Vector API: row loops only. */
  @Benchmark
  public Network rowLoops() {
    return trainerStep();
  }

  /** The trainer with the Vector API: the kernels chosen per layer by the share of nonzero inputs. */
  @Benchmark
  @Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "--add-modules", "jdk.incubator.vector"})
  public Network vectorKernels() {
    return trainerStep();
  }

  private Network trainerStep() {
    int k = nextBatch();
    trainer.train(inputBatches[k], targetBatches[k], miniBatch);
    return trainer.network();
  }

  @Benchmark
  public EjmlTrainingStep ejml() {
    int k = nextBatch();
    ejml.train(inputBatches[k], targetBatches[k]);
    return ejml;
  }

  /** Fails the trial unless one EJML step lands on MiniBatchTrainer's parameters (to float rounding). */
  private void checkSameStep(Network start, int trainingSetSize) {
    MiniBatchTrainer reference =
        new MiniBatchTrainer(start.copy(), hyperparameters(trainingSetSize), miniBatch, new Rng(8));
    reference.train(inputBatches[0], targetBatches[0], miniBatch);
    EjmlTrainingStep candidate = new EjmlTrainingStep(start, ETA, LAMBDA, trainingSetSize, miniBatch);
    candidate.train(inputBatches[0], targetBatches[0]);
    Network stepped = start.copy();
    candidate.copyInto(stepped);
    float[] expected = reference.network().toFlat();
    float[] actual = stepped.toFlat();
    for (int p = 0; p < expected.length; p++) {
      if (Math.abs(expected[p] - actual[p]) > TOLERANCE) {
        throw new IllegalStateException(
            "EJML step differs from MiniBatchTrainer at parameter " + p + ": " + actual[p] + " vs " + expected[p]);
      }
    }
  }

  private int nextBatch() {
    next = next + 1 == inputBatches.length ? 0 : next + 1;
    return next;
  }

  private static Hyperparameters hyperparameters(int trainingSetSize) {
    return Hyperparameters.sgd(ETA, LAMBDA, trainingSetSize);
  }

  private static int[] parseSizes(String sizes) {
    return Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
