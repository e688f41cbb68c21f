package streamnet.network.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import streamnet.network.Rng;

class PageHinkleyTest {
  private static final int STATIONARY_DRAWS = 200_000;
  /** The bound the docs state: a step of the error from 0.05 to 0.5 is signalled within this many examples. */
  private static final int DETECTION_BOUND = 150;

  private static PageHinkley atDefaults() {
    return DriftDetection.DEFAULT.newDetector();
  }

  @Test
  void aStationaryErrorOfFivePercentIsNeverADrift() {
    for (long seed = 1; seed <= 5; seed++) {
      PageHinkley test = atDefaults();
      Rng rng = new Rng(seed);
      for (int i = 0; i < STATIONARY_DRAWS; i++) {
        assertThat(test.add(1, rng.nextDouble() < 0.05 ? 1 : 0)).as("seed %d, draw %d", seed, i).isFalse();
      }
    }
  }

  @Test
  void aStepFromFiveToFiftyPercentErrorIsDetectedWithinTheBound() {
    for (long seed = 1; seed <= 5; seed++) {
      PageHinkley test = atDefaults();
      Rng rng = new Rng(seed);
      for (int i = 0; i < STATIONARY_DRAWS; i++) {
        test.add(1, rng.nextDouble() < 0.05 ? 1 : 0);
      }
      int delay = 0;
      boolean detected = false;
      while (!detected && delay < 10 * DETECTION_BOUND) {
        delay++;
        detected = test.add(1, rng.nextDouble() < 0.5 ? 1 : 0);
      }
      assertThat(detected).as("seed %d", seed).isTrue();
      assertThat(delay).as("seed %d", seed).isBetween(50, DETECTION_BOUND);
    }
  }

  @Test
  void batchesOfRoundsDetectTheStepWithinTheBoundPlusOneRound() {
    int round = 200;
    PageHinkley test = atDefaults();
    Rng rng = new Rng(7);
    for (int r = 0; r < STATIONARY_DRAWS / round; r++) {
      assertThat(test.add(round, errors(rng, round, 0.05))).isFalse();
    }
    assertThat(test.add(round, errors(rng, round, 0.5))).isTrue();
  }

  @Test
  void afterADetectionTheTestStartsFromNothing() {
    PageHinkley test = new PageHinkley(0, 1);
    test.add(10, 0);
    assertThat(test.add(10, 10)).isTrue();
    assertThat(test.state()).isEqualTo(PageHinkley.State.EMPTY);
  }

  @Test
  void aFallingErrorIsNoDrift() {
    PageHinkley test = atDefaults();
    for (int i = 0; i < 10_000; i++) {
      assertThat(test.add(10, Math.max(0, 9 - i / 100))).isFalse();
    }
  }

  @Test
  void aRestoredTestContinuesExactlyAsTheOriginal() {
    PageHinkley original = atDefaults();
    Rng rng = new Rng(3);
    for (int i = 0; i < 1000; i++) {
      original.add(10, errors(rng, 10, 0.05));
    }
    PageHinkley restored = atDefaults();
    restored.restore(original.state());
    int originalDelay = stepDelay(original, new Rng(9));
    int restoredDelay = stepDelay(restored, new Rng(9));
    assertThat(restoredDelay).isEqualTo(originalDelay);
    assertThat(restored.state()).isEqualTo(original.state());
  }

  @Test
  void refusesParametersItCannotWorkWith() {
    assertThatThrownBy(() -> new PageHinkley(-0.1, 50)).hasMessageContaining("--drift-delta");
    assertThatThrownBy(() -> new PageHinkley(0.005, 0)).hasMessageContaining("--drift-threshold");
    assertThatThrownBy(() -> new PageHinkley(0.005, Double.NaN)).hasMessageContaining("λ > 0");
    assertThatThrownBy(() -> atDefaults().add(5, 6)).hasMessageContaining("6 errors in 5 examples");
  }

  @Test
  void detectionOffHasNoDetector() {
    DriftWatch off = new DriftWatch(new DriftDetection(DriftDetection.Method.OFF, 0, 0));
    assertThat(off.observe(100, 100)).isFalse();
    assertThat(off.totalDrifts()).isZero();
    assertThat(DriftDetection.Method.fromId("page-hinkley")).isEqualTo(DriftDetection.Method.PAGE_HINKLEY);
    assertThatThrownBy(() -> DriftDetection.Method.fromId("adwin")).hasMessageContaining("off, page-hinkley");
  }

  @Test
  void theWatchCountsDetectionsPerEpochAndPerRun() {
    DriftWatch watch = new DriftWatch(new DriftDetection(DriftDetection.Method.PAGE_HINKLEY, 0, 1));
    watch.observe(10, 0);
    assertThat(watch.observe(10, 10)).isTrue();
    watch.endEpoch();
    watch.observe(10, 0);
    assertThat(watch.observe(10, 10)).isTrue();
    assertThat(watch.epochDrifts()).isEqualTo(1);
    assertThat(watch.totalDrifts()).isEqualTo(2);
    DriftWatch restored = new DriftWatch(new DriftDetection(DriftDetection.Method.PAGE_HINKLEY, 0, 1));
    restored.restore(watch.state());
    assertThat(restored.state()).isEqualTo(watch.state());
  }

  private static int stepDelay(PageHinkley test, Rng rng) {
    for (int delay = 1; delay < 10_000; delay++) {
      if (test.add(1, rng.nextDouble() < 0.5 ? 1 : 0)) {
        return delay;
      }
    }
    return -1;
  }

  private static long errors(Rng rng, int n, double p) {
    long errors = 0;
    for (int i = 0; i < n; i++) {
      if (rng.nextDouble() < p) {
        errors++;
      }
    }
    return errors;
  }
}
