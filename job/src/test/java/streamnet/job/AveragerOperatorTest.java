package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.train.TrainingSettings;
import streamnet.record.Example;
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

  private static TwoInputStreamOperatorTestHarness<Contribution, Example, ModelUpdate> harness(
      OperatorSubtaskState restoreFrom) throws Exception {
    var harness = new TwoInputStreamOperatorTestHarness<>(new AveragerOperator(RUN, SETTINGS));
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
    for (Example example : Examples.random(30, Split.VALIDATION, 1)) {
      original.processElement2(new StreamRecord<>(example));
    }
    for (Example example : Examples.random(30, Split.TEST, 2)) {
      original.processElement2(new StreamRecord<>(example));
    }
    original.endInput2();
    ModelUpdate v0 = published(original).get(0);
    assertThat(v0.version()).isZero();
    assertThat(v0.parameters()).containsExactly(
        Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3)).toFlat());

    ModelUpdate latest = v0;
    for (int round = 0; round < 5; round++) {
      original.processElement1(new StreamRecord<>(contribution(0, latest, 10 * round)));
      original.processElement1(new StreamRecord<>(contribution(1, latest, 10 * round + 1)));
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
      original.processElement1(new StreamRecord<>(contribution(0, fromOriginal, 10 * round)));
      original.processElement1(new StreamRecord<>(contribution(1, fromOriginal, 10 * round + 1)));
      restored.processElement1(new StreamRecord<>(contribution(0, fromRestored, 10 * round)));
      restored.processElement1(new StreamRecord<>(contribution(1, fromRestored, 10 * round + 1)));
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

  private static List<ModelUpdate> published(
      TwoInputStreamOperatorTestHarness<Contribution, Example, ModelUpdate> harness) {
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
      TwoInputStreamOperatorTestHarness<Contribution, Example, ModelUpdate> harness) {
    return harness.getSideOutput(AveragerOperator.METRICS).stream()
        .map(StreamRecord::getValue)
        .collect(Collectors.toList());
  }

  private static List<String> withoutTimes(List<String> lines) {
    return lines.stream().map(line -> line.replaceAll("\"elapsed_s\":[0-9.E-]+", "")).toList();
  }
}
