package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.train.TrainingSettings;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/**
 * The averaging operators' state (shards and coordinator): restored from a snapshot they
 * republish the checkpointed model and then continue exactly as the original — same averages,
 * same epochs, same early-stopping decisions — also with another number of shards; and any number
 * of shards averages exactly as one.
 */
class AveragingOperatorsTest {
  private static final String RUN = "harness";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 6, 10);
  private static final JobSettings SETTINGS = new JobSettings(
      new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(0.5, 1.0, Regularization.L2, 0, 0, 40), 5, 50, 2, true, 3),
      2, 1, AveragingMode.SYNC, 40);
  private static final ReferenceReader REFERENCE = () -> Examples.referenceRecords(30);

  /** A worker's report on top of {@code base}: the base moved by a seeded random step. */
  private static Contribution contribution(int worker, ModelUpdate base, long seed) {
    Rng rng = new Rng(seed);
    float[] parameters = base.parameters().clone();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] += (float) (0.01 * rng.nextGaussian());
    }
    return new Contribution(
        worker, base.generation(), base.version(), 10, 3.0, 7, 0, false, parameters, new float[0]);
  }

  private static void round(AveragingHarness harness, int round) throws Exception {
    ModelUpdate base = harness.latest();
    harness.contribute(contribution(0, base, 10 * round));
    harness.contribute(contribution(1, base, 10 * round + 1));
  }

  @ParameterizedTest(name = "{0} shards restored as {1}")
  @CsvSource({"1, 1", "2, 2", "1, 2", "2, 3", "3, 1"})
  void restoredAveragingRepublishesItsModelAndContinuesIdentically(int before, int after) throws Exception {
    var original = AveragingHarness.start(RUN, SETTINGS.withAveragers(before), REFERENCE);
    ModelUpdate v0 = original.published().get(0);
    assertThat(v0.version()).isZero();
    assertThat(v0.parameters()).containsExactly(
        Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3)).toFlat());
    for (int round = 0; round < 5; round++) {
      round(original, round);
    }
    ModelUpdate latest = original.latest();
    var restored = AveragingHarness.restore(RUN, SETTINGS.withAveragers(after), REFERENCE, original.snapshot(1L));
    ModelUpdate republished = restored.latest();
    assertThat(republished.generation()).as("the harness runs attempt 0").isZero();
    assertThat(republished.version()).isEqualTo(latest.version());
    assertThat(republished.parameters()).containsExactly(latest.parameters());

    for (int round = 5; round < 20; round++) {
      round(original, round);
      round(restored, round);
      ModelUpdate fromOriginal = original.latest();
      ModelUpdate fromRestored = restored.latest();
      assertThat(fromRestored.version()).isEqualTo(fromOriginal.version());
      assertThat(fromRestored.eta()).isEqualTo(fromOriginal.eta());
      assertThat(fromRestored.parameters()).containsExactly(fromOriginal.parameters());
    }
    List<String> originalLines = withoutShards(original.metrics());
    List<String> restoredLines = withoutShards(restored.metrics());
    assertThat(restoredLines).isNotEmpty();
    assertThat(restoredLines).containsExactlyElementsOf(
        originalLines.subList(originalLines.size() - restoredLines.size(), originalLines.size()));
    original.close();
    restored.close();
  }

  /**
   * The same contributions averaged by one shard and by three give the same versions to the bit
   * (a parameter's average does not depend on who sums it) and the same epoch lines: a slice
   * joined in the wrong place, a shard that averages another's slice, or an epoch boundary that
   * the shards and the coordinator see differently would all show here.
   */
  @Test
  void threeShardsAverageExactlyAsOne() throws Exception {
    var single = AveragingHarness.start(RUN, SETTINGS.withAveragers(1), REFERENCE);
    var sharded = AveragingHarness.start(RUN, SETTINGS.withAveragers(3), REFERENCE);
    for (int round = 0; round < 20; round++) {
      round(single, round);
      round(sharded, round);
    }
    assertThat(sharded.published()).hasSameSizeAs(single.published()).hasSize(21);
    for (int v = 0; v < single.published().size(); v++) {
      ModelUpdate one = single.published().get(v);
      ModelUpdate three = sharded.published().get(v);
      assertThat(three.version()).isEqualTo(one.version());
      assertThat(three.examples()).isEqualTo(one.examples());
      assertThat(three.eta()).isEqualTo(one.eta());
      assertThat(three.parameters()).as("version %d", v).containsExactly(one.parameters());
    }
    assertThat(withoutShards(sharded.metrics())).hasSize(10).containsExactlyElementsOf(withoutShards(single.metrics()));
    single.close();
    sharded.close();
  }

  @Test
  void theReferenceSetsAreNotInTheStateWhateverTheirSize() throws Exception {
    ReferenceReader large = () -> Examples.records(Examples.random(3_000, Split.VALIDATION, 1));
    var small = AveragingHarness.start(RUN, SETTINGS, REFERENCE);
    var big = AveragingHarness.start(RUN, SETTINGS, large);
    assertThat(small.published()).hasSize(1);
    assertThat(big.published()).hasSize(1);

    assertThat(stateBytes(big.snapshot(1L).coordinator())).isEqualTo(stateBytes(small.snapshot(1L).coordinator()));
    small.close();
    big.close();
  }

  @Test
  void referenceRecordsThatDoNotDecodeAreDeadLetteredOneByOneWithTheirReason() throws Exception {
    List<RawRecord> records = new ArrayList<>(Examples.referenceRecords(30));
    byte[] badLabel = ExampleCodec.encode(Examples.random(1, Split.VALIDATION, 9).get(0));
    badLabel[2] = 12;
    records.add(new RawRecord("validation", 0, 30, new byte[] {1}, badLabel));
    records.add(new RawRecord("test", 0, 30, new byte[] {2}, new byte[] {1, 2, 3}));
    var harness = AveragingHarness.start(RUN, SETTINGS, () -> records);

    List<DeadLetter> deadLetters = harness.deadLetters();
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters.get(0).reason()).startsWith("LABEL_OUT_OF_RANGE");
    assertThat(deadLetters.get(0).origin()).containsEntry("source-topic", "validation").containsEntry("source-offset", "30");
    assertThat(deadLetters.get(0).value()).isEqualTo(badLabel);
    assertThat(deadLetters.get(1).reason()).startsWith("WRONG_LENGTH");
    assertThat(deadLetters.get(1).origin()).containsEntry("source-topic", "test");
    assertThat(harness.published()).as("the good records still start the run").hasSize(1);
    harness.close();
  }

  /** The bytes of an operator snapshot's managed operator state. */
  private static long stateBytes(OperatorSubtaskState snapshot) {
    return snapshot.getManagedOperatorState().stream().mapToLong(handle -> handle.getStateSize()).sum();
  }

  /** Metrics lines without their times and without the number of shards, which runs compared here differ in. */
  private static List<String> withoutShards(List<String> lines) {
    return lines.stream()
        .map(line -> line.replaceAll("\"elapsed_s\":[0-9.E-]+", "").replaceAll("\"averagers\":[0-9]+", ""))
        .toList();
  }
}
