package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Resizing hidden layers and changing λ, as the hyper-parameter search does. */
class ArchitectureTest {

  @Test
  void withHiddenSizeResizesEveryHiddenLayerAndKeepsTheRest() {
    Architecture deep = Architecture.of(new int[] {784, 30, 20, 10}, Activation.RELU,
        Activation.SOFTMAX, Cost.LOG_LIKELIHOOD);

    Architecture resized = deep.withHiddenSize(64);

    assertThat(resized.sizes()).containsExactly(784, 64, 64, 10);
    assertThat(resized.activations()).containsExactly(deep.activations());
    assertThat(resized.cost()).isEqualTo(Cost.LOG_LIKELIHOOD);
  }

  @Test
  void aNetworkWithoutHiddenLayersHasNoHiddenSize() {
    assertThatThrownBy(() -> Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 10).withHiddenSize(30))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withLambdaChangesOnlyLambda() {
    Hyperparameters hyper = new Hyperparameters(0.5, 5.0, Regularization.L1, 0.9, 0.2, 1000);

    assertThat(hyper.withLambda(0.1))
        .isEqualTo(new Hyperparameters(0.5, 0.1, Regularization.L1, 0.9, 0.2, 1000));
  }
}
