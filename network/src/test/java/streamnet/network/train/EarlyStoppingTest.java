package streamnet.network.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import streamnet.network.train.EarlyStopping.Direction;

/** No-improvement-in-n and the η schedule, driven by scripted validation curves. */
class EarlyStoppingTest {

  @Test
  void higherAccuracyIsAnImprovementAndLowerIsNot() {
    assertThat(Direction.HIGHER_IS_BETTER.isBetter(0.95, 0.94)).isTrue();
    assertThat(Direction.HIGHER_IS_BETTER.isBetter(0.93, 0.94)).isFalse();
    assertThat(Direction.HIGHER_IS_BETTER.isBetter(0.94, 0.94)).isFalse();
    assertThat(Direction.LOWER_IS_BETTER.isBetter(0.3, 0.4)).isTrue();
    assertThat(Direction.LOWER_IS_BETTER.isBetter(0.5, 0.4)).isFalse();
  }

  @Test
  void stopsAfterPatienceEpochsWithoutABetterAccuracyAndKeepsTheBestEpoch() {
    double[] curve = {0.90, 0.92, 0.95, 0.94, 0.95, 0.93, 0.96};
    EarlyStopping rule = EarlyStopping.start(Direction.HIGHER_IS_BETTER, 3, false, 0.5);
    int stoppedAt = run(rule, curve);
    assertThat(stoppedAt).isEqualTo(6);
    assertThat(observe(rule, curve, 6).bestEpoch()).isEqualTo(3);
    assertThat(observe(rule, curve, 6).best()).isEqualTo(0.95);
  }

  @Test
  void aWorseningCurveIsNotMistakenForImprovement() {
    double[] falling = {0.95, 0.94, 0.93, 0.92};
    EarlyStopping rule = observe(EarlyStopping.start(Direction.HIGHER_IS_BETTER, 2, false, 0.5), falling, 3);
    assertThat(rule.stopped()).isTrue();
    assertThat(rule.bestEpoch()).isEqualTo(1);
    assertThat(rule.best()).isEqualTo(0.95);
  }

  @Test
  void patienceZeroNeverStops() {
    double[] flat = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
    EarlyStopping rule = observe(EarlyStopping.start(Direction.HIGHER_IS_BETTER, 0, false, 0.5), flat, 6);
    assertThat(rule.stopped()).isFalse();
    assertThat(rule.bestEpoch()).isEqualTo(1);
  }

  @Test
  void scheduleHalvesEtaOnEachStretchWithoutImprovementAndStopsAtOneOver128() {
    EarlyStopping rule = EarlyStopping.start(Direction.HIGHER_IS_BETTER, 2, true, 0.8);
    rule = rule.observe(1, 0.90);
    rule = rule.observe(2, 0.89);
    assertThat(rule.eta()).isEqualTo(0.8);
    rule = rule.observe(3, 0.88);
    assertThat(rule.eta()).isEqualTo(0.4);
    assertThat(rule.halvings()).isEqualTo(1);
    assertThat(rule.epochsWithoutImprovement()).isZero();
    rule = rule.observe(4, 0.91);
    assertThat(rule.bestEpoch()).isEqualTo(4);
    int epoch = 4;
    while (!rule.stopped()) {
      rule = rule.observe(++epoch, 0.5);
    }
    assertThat(rule.halvings()).isEqualTo(EarlyStopping.MAX_HALVINGS);
    assertThat(rule.eta()).isEqualTo(0.8 / 128);
    assertThat(epoch).isEqualTo(4 + 2 * 6);
    assertThat(rule.bestEpoch()).isEqualTo(4);
  }

  @Test
  void stateCarriedAsAValueContinuesIdentically() {
    double[] curve = {0.90, 0.91, 0.91, 0.90, 0.92, 0.92, 0.91, 0.90, 0.90};
    EarlyStopping start = EarlyStopping.start(Direction.HIGHER_IS_BETTER, 2, true, 1.0);
    EarlyStopping midPatience = observe(start, curve, 3);
    assertThat(midPatience.epochsWithoutImprovement()).isEqualTo(1);
    EarlyStopping restored = new EarlyStopping(
        midPatience.direction(), midPatience.patience(), midPatience.halveEta(),
        midPatience.initialEta(), midPatience.best(), midPatience.bestEpoch(),
        midPatience.epochsWithoutImprovement(), midPatience.eta(), midPatience.halvings(),
        midPatience.stopped());
    EarlyStopping continued = midPatience;
    EarlyStopping fromRestore = restored;
    for (int epoch = 4; epoch <= curve.length; epoch++) {
      continued = continued.observe(epoch, curve[epoch - 1]);
      fromRestore = fromRestore.observe(epoch, curve[epoch - 1]);
    }
    assertThat(fromRestore).isEqualTo(continued);
  }

  @Test
  void scheduleNeedsPatience() {
    assertThatThrownBy(() -> EarlyStopping.start(Direction.HIGHER_IS_BETTER, -1, false, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("patience");
  }

  /** The rule after the first {@code epochs} values of the curve. */
  private static EarlyStopping observe(EarlyStopping rule, double[] curve, int epochs) {
    for (int epoch = 1; epoch <= epochs; epoch++) {
      rule = rule.observe(epoch, curve[epoch - 1]);
    }
    return rule;
  }

  /** The epoch at which the rule stops, or −1. */
  private static int run(EarlyStopping rule, double[] curve) {
    for (int epoch = 1; epoch <= curve.length; epoch++) {
      rule = rule.observe(epoch, curve[epoch - 1]);
      if (rule.stopped()) {
        return epoch;
      }
    }
    return -1;
  }
}
