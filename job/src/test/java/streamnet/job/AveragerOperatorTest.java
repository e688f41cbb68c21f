package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
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
 * The averager operator's state: restored from a snapshot it republishes the checkpointed model
 * and then continues exactly as the original: same averages, same epochs, same early-stopping
 * decisions.
 */
class AveragerOperatorTest {
  private static final String RUN = "harness";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 6, 10);
  private static final JobSettings SETTINGS = new JobSettings(
      new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(0.5, 1.0, Regularization.L2, 0, 0, 40), 5, 50, 2, true, 3),
      2, 1, AveragingMode.SYNC, 40);

  private static OneInputStreamOperatorTestHarness<Contribution, ModelUpdate> harness(
      OperatorSubtaskState restoreFrom) throws Exception {
    return harness(restoreFrom, () -> Examples.referenceRecords(30));
  }

  private static OneInputStreamOperatorTestHarness<Contribution, ModelUpdate> harness(
      OperatorSubtaskState restoreFrom, ReferenceReader reference) throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new AveragerOperator(RUN, SETTINGS, reference));
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

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

  @Test
  void restoredAveragerRepublishesItsModelAndContinuesIdentically() throws Exception {
    var original = harness(null);
    original.setProcessingTime(1);
    ModelUpdate v0 = published(original).get(0);
    assertThat(v0.version()).isZero();
    assertThat(v0.parameters()).containsExactly(
        Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3)).toFlat());

    ModelUpdate latest = v0;
    for (int round = 0; round < 5; round++) {
      original.processElement(new StreamRecord<>(contribution(0, latest, 10 * round)));
      original.processElement(new StreamRecord<>(contribution(1, latest, 10 * round + 1)));
      latest = last(published(original));
    }
    OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
    var restored = harness(snapshot);
    restored.setProcessingTime(1);
    ModelUpdate republished = last(published(restored));
    assertThat(republished.generation()).as("the harness runs attempt 0").isZero();
    assertThat(republished.version()).isEqualTo(latest.version());
    assertThat(republished.parameters()).containsExactly(latest.parameters());

    ModelUpdate fromOriginal = latest;
    ModelUpdate fromRestored = republished;
    for (int round = 5; round < 20; round++) {
      original.processElement(new StreamRecord<>(contribution(0, fromOriginal, 10 * round)));
      original.processElement(new StreamRecord<>(contribution(1, fromOriginal, 10 * round + 1)));
      restored.processElement(new StreamRecord<>(contribution(0, fromRestored, 10 * round)));
      restored.processElement(new StreamRecord<>(contribution(1, fromRestored, 10 * round + 1)));
      fromOriginal = last(published(original));
      fromRestored = last(published(restored));
      assertThat(fromRestored.version()).isEqualTo(fromOriginal.version());
      assertThat(fromRestored.eta()).isEqualTo(fromOriginal.eta());
      assertThat(fromRestored.parameters()).containsExactly(fromOriginal.parameters());
    }
    assertThat(withoutTimes(metrics(restored))).containsExactlyElementsOf(
        withoutTimes(metrics(original)).subList(metrics(original).size() - metrics(restored).size(),
            metrics(original).size()));
    assertThat(metrics(restored)).isNotEmpty();
    original.close();
    restored.close();
  }

  @Test
  void theReferenceSetsAreNotInTheStateWhateverTheirSize() throws Exception {
    ReferenceReader large = () -> Examples.records(Examples.random(3_000, Split.VALIDATION, 1));
    var small = harness(null);
    var big = harness(null, large);
    small.setProcessingTime(1);
    big.setProcessingTime(1);
    assertThat(published(small)).hasSize(1);
    assertThat(published(big)).hasSize(1);

    assertThat(stateBytes(big.snapshot(1L, 1L))).isEqualTo(stateBytes(small.snapshot(1L, 1L)));
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
    var harness = harness(null, () -> records);
    harness.setProcessingTime(1);

    List<DeadLetter> deadLetters = harness.getSideOutput(AveragerOperator.DEAD_LETTERS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(deadLetters).hasSize(2);
    assertThat(deadLetters.get(0).reason()).startsWith("LABEL_OUT_OF_RANGE");
    assertThat(deadLetters.get(0).origin()).containsEntry("source-topic", "validation").containsEntry("source-offset", "30");
    assertThat(deadLetters.get(0).value()).isEqualTo(badLabel);
    assertThat(deadLetters.get(1).reason()).startsWith("WRONG_LENGTH");
    assertThat(deadLetters.get(1).origin()).containsEntry("source-topic", "test");
    assertThat(published(harness)).as("the good records still start the run").hasSize(1);
    harness.close();
  }

  /** The bytes of an operator snapshot's managed operator state. */
  private static long stateBytes(OperatorSubtaskState snapshot) {
    return snapshot.getManagedOperatorState().stream().mapToLong(handle -> handle.getStateSize()).sum();
  }

  private static List<ModelUpdate> published(
      OneInputStreamOperatorTestHarness<Contribution, ModelUpdate> harness) {
    List<ModelUpdate> updates = new ArrayList<>();
    for (Object record : harness.getOutput()) {
      if (record instanceof StreamRecord<?> streamRecord) {
        updates.add((ModelUpdate) streamRecord.getValue());
      }
    }
    return updates;
  }

  private static ModelUpdate last(List<ModelUpdate> updates) {
    return updates.get(updates.size() - 1);
  }

  private static List<String> metrics(
      OneInputStreamOperatorTestHarness<Contribution, ModelUpdate> harness) {
    return harness.getSideOutput(AveragerOperator.METRICS).stream()
        .map(StreamRecord::getValue)
        .collect(Collectors.toList());
  }

  private static List<String> withoutTimes(List<String> lines) {
    return lines.stream().map(line -> line.replaceAll("\"elapsed_s\":[0-9.E-]+", "")).toList();
  }
}
