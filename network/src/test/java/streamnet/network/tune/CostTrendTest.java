package streamnet.network.tune;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The threshold rule on scripted training-cost curves. */
class CostTrendTest {

  @Test
  void aCostThatFallsEveryEpochDecreases() {
    assertThat(CostTrend.of(9.0, new double[] {3.3, 3.2, 3.1}, 3)).isEqualTo(CostTrend.DECREASES);
    assertThat(CostTrend.DECREASES.isGood()).isTrue();
  }

  @Test
  void oneEpochThatRaisesTheCostMakesItOscillate() {
    assertThat(CostTrend.of(9.0, new double[] {0.89, 0.69, 0.76}, 3)).isEqualTo(CostTrend.OSCILLATES);
    assertThat(CostTrend.of(9.0, new double[] {0.89, 0.95, 0.70}, 3)).isEqualTo(CostTrend.OSCILLATES);
    assertThat(CostTrend.OSCILLATES.isGood()).isFalse();
  }

  @Test
  void aFlatStepIsNotADecrease() {
    assertThat(CostTrend.of(9.0, new double[] {0.8, 0.8, 0.7}, 3)).isEqualTo(CostTrend.OSCILLATES);
  }

  @Test
  void endingNoLowerThanTheUntrainedCostRises() {
    assertThat(CostTrend.of(2.0, new double[] {2.5, 3.0, 4.0}, 3)).isEqualTo(CostTrend.RISES);
    assertThat(CostTrend.of(2.0, new double[] {1.0, 1.5, 2.0}, 3)).isEqualTo(CostTrend.RISES);
    assertThat(CostTrend.RISES.isGood()).isFalse();
  }

  @Test
  void aNonFiniteCostOrATruncatedRunDiverges() {
    assertThat(CostTrend.of(2.0, new double[] {1.0, Double.NaN, 0.5}, 3)).isEqualTo(CostTrend.DIVERGES);
    assertThat(CostTrend.of(2.0, new double[] {1.0, Double.POSITIVE_INFINITY}, 2))
        .isEqualTo(CostTrend.DIVERGES);
    assertThat(CostTrend.of(2.0, new double[] {1.0, 0.9}, 3)).isEqualTo(CostTrend.DIVERGES);
    assertThat(CostTrend.of(Double.NaN, new double[] {1.0, 0.9, 0.8}, 3)).isEqualTo(CostTrend.DIVERGES);
  }
}
