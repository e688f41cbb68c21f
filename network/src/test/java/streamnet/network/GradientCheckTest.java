package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.assertj.core.data.Offset;

/**
 * Checks every update the trainer makes against central finite differences of the regularized
 * mini-batch cost J(w) = (1/m) Σ C_x + penalty(w): with plain SGD a step must move each parameter
 * by exactly −η ∂J/∂p. The checks run through both kernels ({@link KernelChoice#SPARSE} row loops
 * and {@link KernelChoice#DENSE} Vector API products).
 */
class GradientCheckTest {
  private static final int BATCH = 4;
  private static final int TRAINING_SET_SIZE = 20;
  private static final double EPSILON = 1e-3;
  /**
   * The step of the relative-error checks: float32 rounding of the cost (about 1e-7) divided by a
   * step of 1e-3 would already be a 1 % error on a gradient of 1e-2.
   */
  private static final double RELATIVE_CHECK_EPSILON = 1e-2;
  /** Below this magnitude the relative error becomes an absolute one (float rounding dominates). */
  private static final double TINY = 1e-3;
  private static final double RELATIVE_TOLERANCE = 1e-2;

  private static final List<KernelChoice> KERNELS = List.of(KernelChoice.SPARSE, KernelChoice.DENSE);

  static Stream<Arguments> everyCombination() {
    List<Arguments> cases = new ArrayList<>();
    for (KernelChoice kernels : KERNELS) {
      for (Cost cost : Cost.values()) {
        for (Activation output : List.of(Activation.SIGMOID, Activation.SOFTMAX, Activation.LINEAR)) {
          if (!cost.supports(output)) {
            continue;
          }
          for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
            for (Regularization regularization : Regularization.values()) {
              cases.add(Arguments.of(kernels, cost, output, hidden, regularization));
            }
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} kernels, {1} cost, {2} output, {3} hidden, {4}")
  @MethodSource("everyCombination")
  void sgdStepFollowsTheNumericalGradient(KernelChoice kernels,
      Cost cost, Activation output, Activation hidden, Regularization regularization) {
    Architecture architecture = Architecture.of(new int[] {6, 5, 4, 3}, hidden, output, cost);
    Hyperparameters hyper = new Hyperparameters(0.5, 2.0, regularization, 0, 0, TRAINING_SET_SIZE);
    assertStepMatchesNumericalGradient(architecture, hyper, kernels, BATCH, 11);
  }

  /**
   * Layers wide enough for every part of {@link VectorKernels}: 19 and 10 outputs are whole
   * vectors plus a partial last one, 13 and 19 inputs leave rows past the last block of four, and
   * a batch of 6 does so in the forward products. A lost column, row, accumulator or step of k in
   * either product leaves some parameter's step off its numerical gradient.
   */
  @ParameterizedTest(name = "{0} kernels, {1} hidden")
  @MethodSource("kernelsAndHiddenActivations")
  void wideLayersFollowTheNumericalGradient(KernelChoice kernels, Activation hidden) {
    Architecture architecture =
        Architecture.of(new int[] {13, 19, 10}, hidden, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
    Hyperparameters hyper = new Hyperparameters(0.5, 2.0, Regularization.L2, 0, 0, TRAINING_SET_SIZE);
    assertStepMatchesNumericalGradient(architecture, hyper, kernels, 6, 31);
  }

  static Stream<KernelChoice> kernels() {
    return KERNELS.stream();
  }

  static Stream<Arguments> kernelsAndHiddenActivations() {
    return KERNELS.stream().flatMap(kernels -> Stream.of(Activation.SIGMOID, Activation.TANH)
        .map(hidden -> Arguments.of(kernels, hidden)));
  }

  /** Tanh hidden neurons: smooth, so no finite difference straddles a ReLU kink. */
  @ParameterizedTest(name = "{0} kernels")
  @MethodSource("kernels")
  void dropoutWithAFixedMaskFollowsTheNumericalGradient(KernelChoice kernels) {
    Architecture architecture =
        Architecture.of(new int[] {6, 8, 7, 3}, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
    Hyperparameters hyper = new Hyperparameters(0.5, 1.0, Regularization.L2, 0, 0.4, TRAINING_SET_SIZE);
    assertStepMatchesNumericalGradient(architecture, hyper, kernels, BATCH, 5);
  }

  /**
   * Momentum steps through both kernels, on layers narrower than a vector and on wide ones
   * ([13,19,10]: whole and partial vectors, rows past the last block of four), where the dense
   * kernels fuse the velocity and weight updates into the gradient product.
   */
  static Stream<Arguments> kernelsAndShapes() {
    List<Arguments> cases = new ArrayList<>();
    for (KernelChoice kernels : KERNELS) {
      cases.add(Arguments.of(kernels, new int[] {6, 5, 3}));
      cases.add(Arguments.of(kernels, new int[] {13, 19, 10}));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} kernels, sizes {1}")
  @MethodSource("kernelsAndShapes")
  void momentumAccumulatesVelocityFromTheNumericalGradient(KernelChoice kernels, int[] sizes) {
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes);
    double eta = 0.5;
    double mu = 0.7;
    Hyperparameters hyper = new Hyperparameters(eta, 2.0, Regularization.L2, mu, 0, TRAINING_SET_SIZE);
    Batch batch = Batch.random(architecture, new Rng(3));
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(Network.create(architecture, WeightInitializer.DEFAULT, new Rng(4)), hyper, BATCH, new Rng(5), kernels);
    float[] start = trainer.network().toFlat();

    trainer.train(batch.xs, batch.ys, BATCH);
    float[] afterFirst = trainer.network().toFlat();
    double[] gradientAtFirst = numericalGradient(trainer, batch, hyper, EPSILON);
    trainer.train(batch.xs, batch.ys, BATCH);
    float[] afterSecond = trainer.network().toFlat();

    for (int p = 0; p < start.length; p++) {
      double firstStep = afterFirst[p] - start[p];
      double expectedSecondStep = mu * firstStep - eta * gradientAtFirst[p];
      assertThat((double) afterSecond[p] - afterFirst[p])
          .as("parameter %d", p)
          .isCloseTo(expectedSecondStep, Offset.offset(2e-4 + 1e-2 * Math.abs(expectedSecondStep)));
    }
  }

  /**
   * L1 with momentum, two steps from zero velocity: each must be v' = μv − η(∇C + λ/n·sgn w) and
   * w' = w + v', with ∇C from finite differences of the unregularized cost (biases unpenalized).
   */
  @ParameterizedTest(name = "{0} kernels, sizes {1}")
  @MethodSource("kernelsAndShapes")
  void l1MomentumStepUsesTheNumericalGradientPlusTheL1Subgradient(KernelChoice kernels, int[] sizes) {
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes);
    double eta = 0.5;
    double mu = 0.7;
    Hyperparameters hyper = new Hyperparameters(eta, 2.0, Regularization.L1, mu, 0, TRAINING_SET_SIZE);
    Batch batch = Batch.random(architecture, new Rng(13));
    MiniBatchTrainer trainer = new MiniBatchTrainer(
        Network.create(architecture, WeightInitializer.DEFAULT, new Rng(14)), hyper, BATCH, new Rng(15), kernels);
    boolean[] weight = weightPositions(architecture);
    double[] velocity = new double[weight.length];
    for (int step = 1; step <= 2; step++) {
      float[] before = trainer.network().toFlat();
      double[] costGradient = numericalGradient(trainer, batch, hyper.withLambda(0), RELATIVE_CHECK_EPSILON);
      trainer.train(batch.xs, batch.ys, BATCH);
      float[] after = trainer.network().toFlat();
      for (int p = 0; p < before.length; p++) {
        double subgradient = weight[p] ? hyper.lambda() / TRAINING_SET_SIZE * Math.signum(before[p]) : 0;
        velocity[p] = mu * velocity[p] - eta * (costGradient[p] + subgradient);
        assertRelativeErrorSmall((double) after[p] - before[p], velocity[p], "step %d, parameter %d", step, p);
      }
    }
  }

  /**
   * Dropout on sigmoid and ReLU hidden layers: the masks the step drew (from the seeded Rng) stay
   * fixed, so the masked network's cost is a deterministic function whose finite-difference
   * gradient backprop must match. With these seeds no finite difference straddles a ReLU kink
   * (one that did would show as a large error).
   */
  @ParameterizedTest(name = "{0} hidden")
  @MethodSource("sigmoidAndRelu")
  void dropoutGradientMatchesTheMaskedNetworksNumericalGradient(Activation hidden) {
    Architecture architecture =
        Architecture.of(new int[] {6, 8, 7, 3}, hidden, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
    double eta = 0.5;
    Hyperparameters hyper = new Hyperparameters(eta, 0, Regularization.NONE, 0, 0.4, TRAINING_SET_SIZE);
    Batch batch = Batch.random(architecture, new Rng(21));
    Network network = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(22));
    double[] numerical = numericalGradientUnderTheStepsMasks(network, hyper, KernelChoice.standard(), batch, 23, RELATIVE_CHECK_EPSILON);
    float[] before = network.toFlat();
    new MiniBatchTrainer(network, hyper, BATCH, new Rng(23)).train(batch.xs, batch.ys, BATCH);
    float[] after = network.toFlat();

    for (int p = 0; p < before.length; p++) {
      double backprop = ((double) before[p] - after[p]) / eta;
      assertRelativeErrorSmall(backprop, numerical[p], "parameter %d of %d", p, before.length);
    }
  }

  static Stream<Activation> sigmoidAndRelu() {
    return Stream.of(Activation.SIGMOID, Activation.RELU);
  }

  /** micrograd's check: |a − n| / max(|a|, |n|, tiny) under a tolerance float arithmetic allows. */
  private static void assertRelativeErrorSmall(
      double analytic, double numerical, String description, Object... args) {
    double relative =
        Math.abs(analytic - numerical) / Math.max(Math.max(Math.abs(analytic), Math.abs(numerical)), TINY);
    assertThat(relative)
        .as(description + ": analytic %s, numerical %s", append(args, analytic, numerical))
        .isLessThan(RELATIVE_TOLERANCE);
  }

  private static Object[] append(Object[] args, Object... more) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }

  /** Which positions of {@link Network#toFlat()} hold weights (the rest are biases). */
  private static boolean[] weightPositions(Architecture architecture) {
    int[] sizes = architecture.sizes();
    List<Boolean> positions = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      for (int w = 0; w < sizes[l] * sizes[l + 1]; w++) {
        positions.add(true);
      }
      for (int b = 0; b < sizes[l + 1]; b++) {
        positions.add(false);
      }
    }
    boolean[] weight = new boolean[positions.size()];
    for (int p = 0; p < weight.length; p++) {
      weight[p] = positions.get(p);
    }
    return weight;
  }

  private static void assertStepMatchesNumericalGradient(
      Architecture architecture, Hyperparameters hyper, KernelChoice kernels, int m, long seed) {
    Batch batch = Batch.random(architecture, m, new Rng(seed));
    Network network = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(seed + 1));
    double[] numerical = numericalGradientUnderTheStepsMasks(network, hyper, kernels, batch, seed + 2, EPSILON);
    float[] before = network.toFlat();
    new MiniBatchTrainer(network, hyper, m, new Rng(seed + 2), kernels).train(batch.xs, batch.ys, m);
    float[] after = network.toFlat();

    for (int p = 0; p < before.length; p++) {
      if (hyper.regularization() == Regularization.L1 && Math.abs(before[p]) < 10 * EPSILON) {
        continue; // |w| has a kink at 0: the finite difference straddles it
      }
      double expected = -hyper.eta() * numerical[p];
      assertThat((double) after[p] - before[p])
          .as("parameter %d of %d", p, before.length)
          .isCloseTo(expected, Offset.offset(2e-4 + 1e-2 * Math.abs(expected)));
    }
  }

  /** ∂J/∂p for every parameter p by central differences, under the trainer's last dropout masks. */
  /**
   * The numerical gradient of the batch's regularized cost at {@code network}, through a trainer on
   * a copy whose masks come from the same {@code rngSeed}: the dropout masks the step taken by a
   * trainer with that seed draws, so its cost is the function that step follows.
   */
  private static double[] numericalGradientUnderTheStepsMasks(Network network, Hyperparameters hyper,
      KernelChoice kernels, Batch batch, long rngSeed, double epsilon) {
    MiniBatchTrainer probe =
        new MiniBatchTrainer(network.copy(), hyper, batch.xs.length, new Rng(rngSeed), kernels);
    probe.computeErrors(batch.xs, batch.ys, batch.xs.length);
    return numericalGradient(probe, batch, hyper, epsilon);
  }

  private static double[] numericalGradient(
      MiniBatchTrainer trainer, Batch batch, Hyperparameters hyper, double epsilon) {
    Network network = trainer.network();
    float[] parameters = network.toFlat();
    double[] gradient = new double[parameters.length];
    for (int p = 0; p < parameters.length; p++) {
      float original = parameters[p];
      parameters[p] = (float) (original + epsilon);
      network.setFlat(parameters);
      double plus = regularizedCost(trainer, batch, hyper);
      parameters[p] = (float) (original - epsilon);
      network.setFlat(parameters);
      double minus = regularizedCost(trainer, batch, hyper);
      parameters[p] = original;
      network.setFlat(parameters);
      gradient[p] = (plus - minus) / (2 * epsilon);
    }
    return gradient;
  }

  private static double regularizedCost(MiniBatchTrainer trainer, Batch batch, Hyperparameters hyper) {
    return trainer.batchCost(batch.xs, batch.ys, batch.xs.length)
        + hyper.regularization().penalty(trainer.network(), hyper.lambda(), hyper.trainingSetSize());
  }

  /** Inputs in [0, 1] with some exact zeros (the sparse path) and one-hot targets. */
  private record Batch(float[][] xs, float[][] ys) {
    static Batch random(Architecture architecture, Rng rng) {
      return random(architecture, BATCH, rng);
    }

    static Batch random(Architecture architecture, int m, Rng rng) {
      float[][] xs = new float[m][architecture.inputSize()];
      float[][] ys = new float[m][architecture.outputSize()];
      for (int e = 0; e < m; e++) {
        for (int i = 0; i < xs[e].length; i++) {
          xs[e][i] = rng.nextDouble() < 0.3 ? 0f : (float) rng.nextDouble();
        }
        ys[e][rng.nextInt(ys[e].length)] = 1f;
      }
      return new Batch(xs, ys);
    }
  }
}
