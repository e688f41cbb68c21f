package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Chapter 3's opening example: one sigmoid neuron, input 1, desired output 0, η = 0.15. From a
 * saturated start (w = b = 2) the quadratic cost barely moves for the first 150 epochs while the
 * cross-entropy cost learns at once.
 */
class SingleNeuronTest {
  private static final float[][] INPUT = {{1f}};
  private static final float[][] TARGET = {{0f}};

  @Test
  void fromAnUnsaturatedStartBothCostsLearn() {
    assertThat(outputAfter(Cost.QUADRATIC, 0.6f, 0.9f, 0)).isCloseTo(0.82f, within(0.005f));
    assertThat(outputAfter(Cost.QUADRATIC, 0.6f, 0.9f, 300)).isBetween(0.05f, 0.1f);
    assertThat(outputAfter(Cost.CROSS_ENTROPY, 0.6f, 0.9f, 300)).isLessThan(0.02f);
  }

  @Test
  void fromASaturatedStartQuadraticCostLearnsSlowlyAndCrossEntropyDoesNot() {
    assertThat(outputAfter(Cost.QUADRATIC, 2f, 2f, 0)).isCloseTo(0.98f, within(0.005f));
    assertThat(outputAfter(Cost.QUADRATIC, 2f, 2f, 150)).isGreaterThan(0.9f);
    assertThat(outputAfter(Cost.CROSS_ENTROPY, 2f, 2f, 50)).isLessThan(0.15f);
    assertThat(outputAfter(Cost.QUADRATIC, 2f, 2f, 300)).isLessThan(0.3f);
  }

  private static float outputAfter(Cost cost, float w, float b, int epochs) {
    Network neuron = Network.zeros(Architecture.sigmoid(cost, 1, 1));
    neuron.weights(0)[0][0] = w;
    neuron.biases(0)[0] = b;
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(neuron, Hyperparameters.sgd(0.15, 0, 1), 1, new Rng(1));
    for (int epoch = 0; epoch < epochs; epoch++) {
      trainer.train(INPUT, TARGET, 1);
    }
    return neuron.feedforward(INPUT[0])[0];
  }

  private static org.assertj.core.data.Offset<Float> within(float tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
