package streamnet.network.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.train.TrainingSettings;

/** Sampling within the ranges, reproducibility by seed, ranking, and one real search. */
class RandomSearchTest {
  private static final SearchSpace SPACE = new SearchSpace(0.05, 5, 0.1, 20, 10, 100);

  private static TrainingSettings seeded(long seed) {
    TrainingSettings base = TuningFixtures.settings();
    return new TrainingSettings(base.architecture(), base.initializer(), base.hyperparameters(),
        base.miniBatch(), base.epochs(), base.patience(), base.schedule(), seed);
  }

  @Test
  void everySampleLiesWithinTheRanges() {
    Rng rng = new Rng(3);
    for (int i = 0; i < 10_000; i++) {
      Candidate c = SPACE.sample(rng);
      assertThat(c.eta()).isBetween(0.05, 5.0);
      assertThat(c.lambda()).isBetween(0.1, 20.0);
      assertThat(c.hidden()).isBetween(10, 100);
    }
  }

  @Test
  void etaIsLogUniformSoEachDecadeIsAboutEquallyLikely() {
    SearchSpace decades = new SearchSpace(0.01, 10, 1, 1, 5, 5);
    Rng rng = new Rng(4);
    int[] perDecade = new int[3];
    for (int i = 0; i < 30_000; i++) {
      perDecade[(int) Math.floor(Math.log10(decades.sample(rng).eta()) + 2)]++;
    }
    for (int count : perDecade) {
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void degenerateRangesGiveTheirOnlyValue() {
    Candidate c = new SearchSpace(0.3, 0.3, 7, 7, 42, 42).sample(new Rng(5));
    assertThat(c).isEqualTo(new Candidate(0.3, 7, 42));
  }

  @Test
  void rejectsEmptyOrNonPositiveRanges() {
    assertThatThrownBy(() -> new SearchSpace(0, 1, 0.1, 1, 10, 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SearchSpace(0.1, 1, 2, 1, 10, 20))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SearchSpace(0.1, 1, 0.1, 1, 30, 20))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameSeedDrawsTheSameCandidatesAndAnotherSeedOthers() {
    List<Candidate> first = new RandomSearch(seeded(11), SPACE, 8).candidates();

    assertThat(new RandomSearch(seeded(11), SPACE, 8).candidates()).isEqualTo(first);
    assertThat(new RandomSearch(seeded(12), SPACE, 8).candidates()).isNotEqualTo(first);
    assertThat(first).doesNotHaveDuplicates();
  }

  @Test
  void rankingPutsTheHighestValidationAccuracyFirstAndKeepsDrawOrderOnTies() {
    Candidate c = new Candidate(0.1, 1, 30);
    Trial low = new Trial(1, c, 0.80, 3, 8, 1.0, false);
    Trial high = new Trial(2, c, 0.95, 5, 10, 1.0, false);
    Trial tiedEarly = new Trial(3, c, 0.90, 4, 9, 1.0, false);
    Trial tiedLate = new Trial(4, c, 0.90, 2, 7, 1.0, false);

    assertThat(Trial.ranked(List.of(tiedLate, low, tiedEarly, high)))
        .containsExactly(high, tiedEarly, tiedLate, low);
  }

  @Test
  void aNetworkWithoutHiddenLayersCannotBeSearched() {
    TrainingSettings base = TuningFixtures.settings();
    TrainingSettings flat = new TrainingSettings(
        Architecture.sigmoid(Cost.CROSS_ENTROPY, 64, 4), base.initializer(), base.hyperparameters(),
        base.miniBatch(), base.epochs(), base.patience(), base.schedule(), base.seed());

    assertThatThrownBy(() -> new RandomSearch(flat, SPACE, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void searchesGeneratedImagesAndReturnsRankedReproducibleTrials() {
    Dataset training = TuningFixtures.stripes(200, 1);
    Dataset validation = TuningFixtures.stripes(60, 2);
    SearchSpace small = new SearchSpace(0.1, 3, 0.01, 1, 4, 16);
    List<Trial> heard = new ArrayList<>();

    List<Trial> ranked = new RandomSearch(seeded(9), small, 4).run(training, validation, heard::add);

    assertThat(ranked).hasSize(4).isSortedAccordingTo(Trial.BEST_FIRST);
    assertThat(heard).extracting(Trial::number).containsExactly(1, 2, 3, 4);
    assertThat(heard).extracting(Trial::candidate)
        .isEqualTo(new RandomSearch(seeded(9), small, 4).candidates());
    Trial best = ranked.get(0);
    assertThat(best.bestValidationAccuracy()).isGreaterThan(0.9);
    assertThat(best.bestEpoch()).isBetween(1, best.epochsRun());
    assertThat(best.epochsRun()).isLessThanOrEqualTo(20);
    assertThat(best.seconds()).isPositive();
    List<Trial> again = new RandomSearch(seeded(9), small, 4).run(training, validation, t -> {});
    assertThat(again).extracting(Trial::bestValidationAccuracy)
        .isEqualTo(ranked.stream().map(Trial::bestValidationAccuracy).toList());
  }
}
