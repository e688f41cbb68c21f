package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Which kernels a layer's mini-batch goes through, and that both kernels take the same step. */
class KernelChoiceTest {
  @Test
  void byDensityGoesDenseFromTheThresholdOn() {
    // 35 of 100 nonzero is the threshold itself; a flipped comparison or a threshold off by a
    // whole percent fails one of these.
    assertThat(KernelChoice.BY_DENSITY.dense(35, 100)).isTrue();
    assertThat(KernelChoice.BY_DENSITY.dense(34, 100)).isFalse();
    assertThat(KernelChoice.SPARSE.dense(100, 100)).isFalse();
    assertThat(KernelChoice.DENSE.dense(0, 100)).isTrue();
  }

  @Test
  void theTestJvmHasTheVectorApiSoItsStandardChoiceIsByDensity() {
    assertThat(KernelChoice.VECTOR_API).as("surefire's argLine adds jdk.incubator.vector").isTrue();
    assertThat(KernelChoice.standard()).isEqualTo(KernelChoice.BY_DENSITY);
  }

  /**
   * MNIST-like first layer (19 % nonzero pixels) and dense hidden layer: BY_DENSITY must take the
   * row loops for the first and the dense products for the second, and land where SPARSE and DENSE
   * land. Training a full batch then a smaller one catches products that run over the capacity
   * instead of the batch (stale rows of the earlier batch would enter the gradients).
   */
  @Test
  void allThreeChoicesTakeTheSameStepsOnFullAndPartialBatches() {
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 30, 10);
    Network start = Network.create(architecture, WeightInitializer.DEFAULT, new Rng(1));
    Hyperparameters hyper = Hyperparameters.sgd(0.5, 5.0, 1000);
    Rng rng = new Rng(2);
    float[][] xs = new float[12][784];
    float[][] ys = new float[12][10];
    for (int e = 0; e < xs.length; e++) {
      for (int i = 0; i < 784; i++) {
        xs[e][i] = rng.nextDouble() < 0.19 ? (float) rng.nextDouble() : 0f;
      }
      ys[e][rng.nextInt(10)] = 1f;
    }
    float[][] after = new float[3][];
    KernelChoice[] choices = {KernelChoice.SPARSE, KernelChoice.DENSE, KernelChoice.BY_DENSITY};
    for (int c = 0; c < choices.length; c++) {
      MiniBatchTrainer trainer = new MiniBatchTrainer(start.copy(), hyper, 12, new Rng(3), choices[c]);
      trainer.train(xs, ys, 12);
      trainer.train(xs, ys, 7);
      after[c] = trainer.network().toFlat();
      if (choices[c] == KernelChoice.BY_DENSITY) {
        assertThat(trainer.usedDenseKernels(0)).as("layer 0, 19 %% nonzero").isFalse();
        assertThat(trainer.usedDenseKernels(1)).as("layer 1, sigmoid outputs").isTrue();
      }
    }
    for (int p = 0; p < after[0].length; p++) {
      assertThat(after[1][p]).as("DENSE parameter %d", p).isCloseTo(after[0][p], Offset.offset(1e-5f));
      assertThat(after[2][p]).as("BY_DENSITY parameter %d", p).isCloseTo(after[0][p], Offset.offset(1e-5f));
    }
  }
}
