package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.drift.DriftDetection;
import streamnet.network.train.PrequentialSettings;
import streamnet.network.train.TrainingSettings;

/**
 * The prequential counts on the averaging side: the workers' counts summed over each epoch and
 * over the sliding window, the drift detector fed per round, and all of it exact across a
 * snapshot and restore of the shards and the coordinator, at the same and at another number of
 * shards.
 */
class PrequentialTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RUN = "prequential";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 4, 10);
  private static final int PARAMETERS = Network.zeros(ARCHITECTURE).parameterCount();
  private static final double ETA = 0.5;
  /** Two workers, k = 1, epochs of 40 examples (two rounds of 2 × 10), a window of 50 examples. */
  private static final JobSettings SETTINGS = new JobSettings(
      new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(ETA, 0, Regularization.L2, 0, 0, 40), 5, 1000, 0, false, 9),
      2, 1, AveragingMode.SYNC, 40)
      .withPrequential(new PrequentialSettings(50, new DriftDetection(DriftDetection.Method.PAGE_HINKLEY, 0.005, 10)));

  private static ProtocolBus started(JobSettings settings) {
    ProtocolBus bus = new ProtocolBus(new Averaging(RUN, settings), 0, RUN, settings);
    bus.loadReference();
    return bus;
  }

  /** A contribution of 10 examples with training figures (5.0, 9) and the prequential ones given. */
  private static Contribution contribution(int worker, long baseVersion, double prequentialCost,
      long prequentialCorrect) {
    float[] parameters = new float[PARAMETERS];
    Arrays.fill(parameters, 0.01f * worker);
    return new Contribution(worker, 0, baseVersion, 10, 5.0, 9, prequentialCost, prequentialCorrect, 0, false,
        parameters, new float[0]);
  }

  /** One round: both workers report on the newest version with these prequential figures. */
  private static void round(ProtocolBus bus, double cost0, long correct0, double cost1, long correct1) {
    long base = bus.lastPublished().version();
    bus.averager.onContribution(contribution(0, base, cost0, correct0), bus);
    bus.averager.onContribution(contribution(1, base, cost1, correct1), bus);
  }

  private static JsonNode line(ProtocolBus bus, int epoch) throws Exception {
    return JSON.readTree(bus.metrics.get(epoch - 1));
  }

  // Catches: a round, shard or epoch that drops the prequential sums, sums the training figures in
  // their place, or divides by anything but the epoch's examples.
  @Test
  void theEpochLineCarriesTheWorkersPrequentialSums() throws Exception {
    ProtocolBus bus = started(SETTINGS);
    round(bus, 2.0, 8, 4.0, 6);
    round(bus, 1.0, 10, 3.0, 7);

    JsonNode epoch = line(bus, 1);
    assertThat(epoch.get("prequential_accuracy").asDouble()).isEqualTo((8 + 6 + 10 + 7) / 40.0);
    assertThat(epoch.get("prequential_cost").asDouble()).isEqualTo((2.0 + 4.0 + 1.0 + 3.0) / 40);
    assertThat(epoch.get("training_accuracy").asDouble()).isEqualTo(4 * 9 / 40.0);
    assertThat(epoch.get("prequential_sliding_accuracy").asDouble()).isEqualTo((8 + 6 + 10 + 7) / 40.0);
  }

  // Catches: a window that keeps rounds it no longer needs or drops one it needs, and a window
  // reset at epoch ends (it slides across them).
  @Test
  void theSlidingWindowHoldsTheNewestRoundsThatCoverItsSize() throws Exception {
    ProtocolBus bus = started(SETTINGS);
    round(bus, 2.0, 10, 2.0, 10);
    round(bus, 2.0, 10, 2.0, 10);
    round(bus, 4.0, 5, 4.0, 5);
    round(bus, 6.0, 0, 6.0, 0);

    JsonNode second = line(bus, 2);
    assertThat(second.get("prequential_accuracy").asDouble()).isEqualTo(10 / 40.0);
    assertThat(second.get("prequential_sliding_accuracy").asDouble()).as("the last three rounds: 60 ≥ 50 examples")
        .isEqualTo((20 + 10 + 0) / 60.0);
    assertThat(second.get("prequential_sliding_cost").asDouble()).isEqualTo((4.0 + 8.0 + 12.0) / 60);
  }

  // Catches: a round crossing an epoch boundary whose prequential sums all go to one epoch.
  @Test
  void aRoundThatCrossesAnEpochBoundaryIsSplitInProportion() throws Exception {
    JobSettings odd = new JobSettings(SETTINGS.training(), 2, 1, AveragingMode.SYNC, 30)
        .withPrequential(SETTINGS.prequential());
    ProtocolBus bus = started(odd);
    round(bus, 2.0, 10, 2.0, 10);
    round(bus, 6.0, 0, 6.0, 0);

    assertThat(line(bus, 1).get("prequential_accuracy").asDouble()).isEqualTo(20 / 30.0);
    assertThat(line(bus, 1).get("prequential_cost").asDouble()).isEqualTo((4.0 + 6.0) / 30);
  }

  // Catches: a detector not fed, fed the correct count instead of the errors, a drift that does
  // not restart η (here halved by a rollback first), or one not counted in the line.
  @Test
  void aRiseOfThePrequentialErrorIsADriftThatRestartsEta() throws Exception {
    ProtocolBus bus = started(SETTINGS);
    round(bus, 1.0, 10, 1.0, 10);
    long base = bus.lastPublished().version();
    float[] notFinite = new float[PARAMETERS];
    Arrays.fill(notFinite, Float.NaN);
    bus.averager.onContribution(contribution(0, base, 1.0, 10), bus);
    bus.averager.onContribution(new Contribution(1, 0, base, 10, 5.0, 9, 1.0, 10, 0, false, notFinite,
        new float[0]), bus);
    assertThat(bus.lastPublished().eta()).isEqualTo(ETA / 2);
    round(bus, 1.0, 10, 1.0, 10);
    assertThat(bus.metrics).hasSize(1);
    assertThat(line(bus, 1).get("drift").asInt()).isZero();

    round(bus, 9.0, 0, 9.0, 0);

    assertThat(bus.lastPublished().eta()).isEqualTo(ETA);
    round(bus, 1.0, 10, 1.0, 10);
    JsonNode second = line(bus, 2);
    assertThat(second.get("drift").asInt()).isEqualTo(1);
    assertThat(second.get("drifts").asLong()).isEqualTo(1);
    assertThat(line(bus, 1).get("eta").asDouble()).isEqualTo(ETA / 2);
    assertThat(second.get("eta").asDouble()).isEqualTo(ETA);
  }

  // Catches: detection switched off still detecting.
  @Test
  void withDetectionOffNothingIsDetected() throws Exception {
    JobSettings off = SETTINGS.withPrequential(
        new PrequentialSettings(50, new DriftDetection(DriftDetection.Method.OFF, 0.005, 10)));
    ProtocolBus bus = started(off);
    round(bus, 1.0, 10, 1.0, 10);
    round(bus, 9.0, 0, 9.0, 0);
    assertThat(line(bus, 1).get("drift").asInt()).isZero();
    assertThat(line(bus, 1).get("drifts").asLong()).isZero();
  }

  /**
   * A checkpoint taken with a round open (one worker has reported) restores, at the same and at
   * another number of shards, into averaging that writes exactly the original's epoch lines —
   * prequential sums, sliding window and drift counts included: the open round's sums are not lost
   * or counted twice, the window and detector come back whole.
   */
  @ParameterizedTest(name = "{0} shards restored as {1}")
  @CsvSource({"1, 1", "1, 2", "3, 1", "2, 3"})
  void theSumsAreExactAcrossASnapshotAndRestore(int before, int after) throws Exception {
    ReferenceReader reference = () -> Examples.referenceRecords(30);
    var original = AveragingHarness.start(RUN, SETTINGS.withAveragers(before), reference);
    long[][] correct = {{10, 10}, {9, 8}, {10, 10}, {7, 9}, {1, 0}, {2, 3}, {10, 9}, {8, 8}};
    for (int r = 0; r < 3; r++) {
      harnessRound(original, correct[r]);
    }
    original.contribute(contribution(0, original.latest().version(), 0.25 * 3, correct[3][0]));
    var restored = AveragingHarness.restore(RUN, SETTINGS.withAveragers(after), reference, original.snapshot(1L));
    int linesBefore = original.metrics().size();

    for (var harness : List.of(original, restored)) {
      harness.contribute(contribution(1, harness.latest().version(), 0.25 * 3 + 1, correct[3][1]));
      for (int r = 4; r < correct.length; r++) {
        harnessRound(harness, correct[r]);
      }
    }

    List<String> originalLines = withoutTimes(original.metrics());
    List<String> restoredLines = withoutTimes(restored.metrics());
    assertThat(originalLines).hasSize(4);
    assertThat(restoredLines).containsExactlyElementsOf(originalLines.subList(linesBefore, 4));
    JsonNode second = JSON.readTree(original.metrics().get(1));
    assertThat(second.get("prequential_accuracy").asDouble()).isEqualTo((10 + 10 + 7 + 9) / 40.0);
    assertThat(second.get("prequential_cost").asDouble()).isEqualTo((0.5 + 1.5 + 0.75 + 1.75) / 40);
    JsonNode third = JSON.readTree(original.metrics().get(2));
    assertThat(third.get("drift").asInt()).as("the detector, restored mid-run, still sees the drop").isEqualTo(1);
    assertThat(third.get("prequential_sliding_accuracy").asDouble()).isEqualTo((7 + 9 + 1 + 0 + 2 + 3) / 60.0);
    original.close();
    restored.close();
  }

  private static void harnessRound(AveragingHarness harness, long[] correct) throws Exception {
    long base = harness.latest().version();
    harness.contribute(contribution(0, base, 0.25 * base, correct[0]));
    harness.contribute(contribution(1, base, 0.25 * base + 1, correct[1]));
  }

  private static List<String> withoutTimes(List<String> lines) {
    return lines.stream()
        .map(line -> line.replaceAll("\"elapsed_s\":[0-9.E-]+", "").replaceAll("\"averagers\":[0-9]+", "")
            .replaceAll("\"worker_wait_share\":[0-9.E-]+", ""))
        .toList();
  }
}
