package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The flat parameter layout that models travel in, and moving a replica onto a new average. */
class NetworkTest {
  private static final Architecture SMALL = Architecture.sigmoid(Cost.CROSS_ENTROPY, 5, 4, 3);

  @Test
  void flatParametersRoundTrip() {
    Network network = Network.create(SMALL, WeightInitializer.DEFAULT, new Rng(7));

    Network copy = Network.fromFlat(SMALL, network.toFlat());

    assertThat(copy.toFlat()).containsExactly(network.toFlat());
    assertThat(network.toFlat()).hasSize(5 * 4 + 4 + 4 * 3 + 3);
  }

  @Test
  void rebaseKeepsWhatWasLearnedSinceTheOriginOnTopOfTheTarget() {
    float[] origin = Network.create(SMALL, WeightInitializer.DEFAULT, new Rng(1)).toFlat();
    float[] now = Network.create(SMALL, WeightInitializer.DEFAULT, new Rng(2)).toFlat();
    float[] target = Network.create(SMALL, WeightInitializer.DEFAULT, new Rng(3)).toFlat();
    Network replica = Network.fromFlat(SMALL, now);

    replica.rebase(target, origin);

    float[] rebased = replica.toFlat();
    for (int p = 0; p < rebased.length; p++) {
      assertThat(rebased[p]).isEqualTo(target[p] + (now[p] - origin[p]));
    }
  }

  @Test
  void rebaseRejectsArraysOfAnotherShape() {
    Network replica = Network.zeros(SMALL);

    assertThatThrownBy(() -> replica.rebase(new float[3], new float[replica.parameterCount()]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 39 parameters");
  }
}
