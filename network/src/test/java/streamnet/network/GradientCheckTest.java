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
 * by exactly −η ∂J/∂p.
 */
class GradientCheckTest {
  private static final int BATCH = 4;
  private static final int TRAINING_SET_SIZE = 20;
  private static final double EPSILON = 1e-3;

  static Stream<Arguments> everyCombination() {
    List<Arguments> cases = new ArrayList<>();
    for (Cost cost : Cost.values()) {
      for (Activation output : List.of(Activation.SIGMOID, Activation.SOFTMAX, Activation.LINEAR)) {
        if (!cost.supports(output)) {
          continue;
        }
        for (Activation hidden : List.of(Activation.SIGMOID, Activation.TANH, Activation.RELU)) {
          for (Regularization regularization : Regularization.values()) {
            cases.add(Arguments.of(cost, output, hidden, regularization));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} cost, {1} output, {2} hidden, {3}")
  @MethodSource("everyCombination")
  void sgdStepFollowsTheNumericalGradient(
      Cost cost, Activation output, Activation hidden, Regularization regularization) {
    Architecture architecture = Architecture.of(new int[] {6, 5, 4, 3}, hidden, output, cost);
    Hyperparameters hyper = new Hyperparameters(0.5, 2.0, regularization, 0, 0, TRAINING_SET_SIZE);
    assertStepMatchesNumericalGradient(architecture, hyper, 11);
  }

  /** Tanh hidden neurons: smooth, so no finite difference straddles a ReLU kink. */
  @Test
  void dropoutWithAFixedMaskFollowsTheNumericalGradient() {
    Architecture architecture =
        Architecture.of(new int[] {6, 8, 7, 3}, Activation.TANH, Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);
    Hyperparameters hyper = new Hyperparameters(0.5, 1.0, Regularization.L2, 0, 0.4, TRAINING_SET_SIZE);
    assertStepMatchesNumericalGradient(architecture, hyper, 5);
  }

  @Test
  void momentumAccumulatesVelocityFromTheNumericalGradient() {
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, 6, 5, 3);
    double eta = 0.5;
    double mu = 0.7;
    Hyperparameters hyper = new Hyperparameters(eta, 2.0, Regularization.L2, mu, 0, TRAINING_SET_SIZE);
    Batch batch = Batch.random(architecture, new Rng(3));
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(Network.create(architecture, WeightInitializer.DEFAULT, new Rng(4)), hyper, BATCH, new Rng(5));
    float[] start = trainer.network().toFlat();

    trainer.train(batch.xs, batch.ys, BATCH);
    float[] afterFirst = trainer.network().toFlat();
    double[] gradientAtFirst = numericalGradient(trainer, batch, hyper);
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

  private static void assertStepMatchesNumericalGradient(
      Architecture architecture, Hyperparameters hyper, long seed) {
    Batch batch = Batch.random(architecture, new Rng(seed));
    Network network = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(seed + 1));
    MiniBatchTrainer trainer = new MiniBatchTrainer(network, hyper, BATCH, new Rng(seed + 2));
    float[] before = network.toFlat();

    trainer.computeGradients(batch.xs, batch.ys, BATCH);
    double[] numerical = numericalGradient(trainer, batch, hyper);
    trainer.update(BATCH);
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
  private static double[] numericalGradient(MiniBatchTrainer trainer, Batch batch, Hyperparameters hyper) {
    Network network = trainer.network();
    float[] parameters = network.toFlat();
    double[] gradient = new double[parameters.length];
    for (int p = 0; p < parameters.length; p++) {
      float original = parameters[p];
      parameters[p] = (float) (original + EPSILON);
      network.setFlat(parameters);
      double plus = regularizedCost(trainer, batch, hyper);
      parameters[p] = (float) (original - EPSILON);
      network.setFlat(parameters);
      double minus = regularizedCost(trainer, batch, hyper);
      parameters[p] = original;
      network.setFlat(parameters);
      gradient[p] = (plus - minus) / (2 * EPSILON);
    }
    return gradient;
  }

  private static double regularizedCost(MiniBatchTrainer trainer, Batch batch, Hyperparameters hyper) {
    return trainer.batchCost(batch.xs, batch.ys, BATCH)
        + hyper.regularization().penalty(trainer.network(), hyper.lambda(), hyper.trainingSetSize());
  }

  /** Inputs in [0, 1] with some exact zeros (the sparse path) and one-hot targets. */
  private record Batch(float[][] xs, float[][] ys) {
    static Batch random(Architecture architecture, Rng rng) {
      float[][] xs = new float[BATCH][architecture.inputSize()];
      float[][] ys = new float[BATCH][architecture.outputSize()];
      for (int e = 0; e < BATCH; e++) {
        for (int i = 0; i < xs[e].length; i++) {
          xs[e][i] = rng.nextDouble() < 0.3 ? 0f : (float) rng.nextDouble();
        }
        ys[e][rng.nextInt(ys[e].length)] = 1f;
      }
      return new Batch(xs, ys);
    }
  }
}
