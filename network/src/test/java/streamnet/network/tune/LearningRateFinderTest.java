package streamnet.network.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import streamnet.network.data.Dataset;

/** The decade scan and its refinement on scripted probes, then one real run on generated data. */
class LearningRateFinderTest {
  /** Equal up to the rounding of repeated multiplication. */
  private static final Comparator<Double> CLOSE =
      (a, b) -> Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)) ? 0 : Double.compare(a, b);

  /** A probe whose cost decreases for η below {@code threshold} and oscillates from it on. */
  private static DoubleFunction<EtaProbe> goodBelow(double threshold) {
    return eta -> eta < threshold
        ? new EtaProbe(eta, 9, List.of(3.0, 2.0, 1.0), CostTrend.DECREASES)
        : new EtaProbe(eta, 9, List.of(3.0, 4.0, 2.0), CostTrend.OSCILLATES);
  }

  private static List<Double> etas(LearningRateFinder.Result result) {
    return result.probes().stream().map(EtaProbe::eta).toList();
  }

  private static LearningRateFinder finder(double from, double maxEta) {
    return new LearningRateFinder(TuningFixtures.settings(), 3, from, maxEta);
  }

  @Test
  void scansDecadesThenRefinesByFactorsOfTwoAndRecommendsHalfTheThreshold() {
    List<EtaProbe> heard = new ArrayList<>();
    LearningRateFinder.Result result = finder(0.001, 1000).search(goodBelow(0.37), heard::add);

    assertThat(etas(result))
        .usingElementComparator(CLOSE)
        .containsExactly(0.001, 0.01, 0.1, 1.0, 0.2, 0.4);
    assertThat(heard).isEqualTo(result.probes());
    assertThat(result.threshold().getAsDouble()).isCloseTo(0.4, within());
    assertThat(result.lastGood().getAsDouble()).isCloseTo(0.2, within());
    assertThat(result.recommended().getAsDouble()).isCloseTo(0.2, within());
  }

  @Test
  void whenTheWholeDecadeRefinesGoodTheDecadeStepIsTheThreshold() {
    LearningRateFinder.Result result = finder(0.01, 1000).search(goodBelow(0.95), p -> {});

    assertThat(etas(result))
        .usingElementComparator(CLOSE)
        .containsExactly(0.01, 0.1, 1.0, 0.2, 0.4, 0.8);
    assertThat(result.threshold().getAsDouble()).isCloseTo(1.0, within());
    assertThat(result.lastGood().getAsDouble()).isCloseTo(0.8, within());
    assertThat(result.recommended().getAsDouble()).isCloseTo(0.5, within());
  }

  @Test
  void noThresholdBelowTheMaximumMeansNoRecommendation() {
    LearningRateFinder.Result result = finder(0.01, 10).search(goodBelow(50), p -> {});

    assertThat(etas(result)).usingElementComparator(CLOSE).containsExactly(0.01, 0.1, 1.0, 10.0);
    assertThat(result.threshold()).isEmpty();
    assertThat(result.lastGood().getAsDouble()).isCloseTo(10, within());
    assertThat(result.recommended()).isEmpty();
  }

  @Test
  void aBadFirstProbeGivesAThresholdButNoRecommendation() {
    LearningRateFinder.Result result = finder(1, 1000).search(goodBelow(0.5), p -> {});

    assertThat(etas(result)).containsExactly(1.0);
    assertThat(result.threshold().getAsDouble()).isEqualTo(1.0);
    assertThat(result.recommended()).isEmpty();
  }

  @Test
  void rejectsAnEmptyRangeOrNoEpochs() {
    assertThatThrownBy(() -> finder(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LearningRateFinder(TuningFixtures.settings(), 0, 0.01, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void findsAThresholdByTrainingOnGeneratedImages() {
    Dataset training = TuningFixtures.stripes(200, 1);

    LearningRateFinder.Result result = finder(0.01, 1e4).find(training, p -> {});

    EtaProbe first = result.probes().get(0);
    assertThat(first.epochCosts()).hasSize(3);
    assertThat(first.epochCosts().get(2)).isLessThan(first.initialCost());
    assertThat(result.threshold()).isPresent();
    assertThat(result.recommended().getAsDouble()).isEqualTo(result.threshold().getAsDouble() / 2);
    assertThat(result.probes())
        .filteredOn(p -> p.eta() == result.threshold().getAsDouble())
        .allMatch(p -> !p.trend().isGood());
    assertThat(result.probes())
        .filteredOn(p -> p.eta() <= result.lastGood().getAsDouble())
        .allMatch(p -> p.trend() == CostTrend.DECREASES);
  }

  private static Offset<Double> within() {
    return Offset.offset(1e-12);
  }
}
