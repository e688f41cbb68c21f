package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/** The worker operator's state: a snapshot restored elsewhere continues exactly as the original. */
class WorkerOperatorTest {
  private static final String RUN = "harness";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 8, 10);

  private static JobSettings settings(AveragingMode mode) {
    TrainingSettings training = new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
        new Hyperparameters(0.5, 1.0, Regularization.L2, 0.5, 0.2, 1000), 4, 10, 0, false, 3);
    return new JobSettings(training, 2, 2, mode, 1000);
  }

  private static ModelUpdate model(int generation, long version, long seed) {
    Network network = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(seed));
    return new ModelUpdate(
        RUN, generation, version, 0, 0, 0.5, false, network.toFlat(), new float[network.parameterCount()]);
  }

  private static TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness(
      AveragingMode mode, OperatorSubtaskState restoreFrom) throws Exception {
    TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness =
        new TwoInputStreamOperatorTestHarness<>(new WorkerOperator(RUN, settings(mode)));
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  @Test
  void syncWorkerContinuesIdenticallyAfterRestore() throws Exception {
    assertIdenticalContinuation(AveragingMode.SYNC);
  }

  @Test
  void delayedWorkerContinuesIdenticallyAfterRestore() throws Exception {
    assertIdenticalContinuation(AveragingMode.DELAYED);
  }

  private static void assertIdenticalContinuation(AveragingMode mode) throws Exception {
    List<Example> examples = Examples.random(60, Split.TRAINING, 11);
    var original = harness(mode, null);
    original.processElement2(new StreamRecord<>(model(0, 0, 1)));
    // 8 examples trained (k = 2 batches of 4) and sent; 3 more buffered (sync) or half a batch (delayed).
    feed(original, examples, 0, 11);
    OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
    original.getOutput().clear();
    var restored = harness(mode, snapshot);

    List<Contribution> fromOriginal = continueWith(original, examples);
    List<Contribution> fromRestored = continueWith(restored, examples);

    assertThat(fromOriginal).isNotEmpty();
    assertThat(fromRestored).hasSameSizeAs(fromOriginal);
    for (int c = 0; c < fromOriginal.size(); c++) {
      Contribution a = fromOriginal.get(c);
      Contribution b = fromRestored.get(c);
      assertThat(b.baseVersion()).isEqualTo(a.baseVersion());
      assertThat(b.examples()).isEqualTo(a.examples());
      assertThat(b.costSum()).isEqualTo(a.costSum());
      assertThat(b.prequentialCostSum()).isEqualTo(a.prequentialCostSum());
      assertThat(b.prequentialCorrect()).isEqualTo(a.prequentialCorrect());
      assertThat(b.parameters()).containsExactly(a.parameters());
      assertThat(b.velocity()).containsExactly(a.velocity());
    }
    original.close();
    restored.close();
  }

  /**
   * A delayed worker checkpointed with a trained but unsent mini-batch: its restored copy sends the
   * same prequential sums. Catches a worker state that drops the unsent prequential counts (the
   * restored contribution would lack them) or restores the training figures in their place (with
   * dropout they differ: the prediction runs without it).
   */
  @Test
  void aRestoredWorkerSendsThePrequentialCountsOfItsUnsentWork() throws Exception {
    List<Example> examples = Examples.random(60, Split.TRAINING, 11);
    var original = harness(AveragingMode.DELAYED, null);
    original.processElement2(new StreamRecord<>(model(0, 0, 1)));
    // 8 examples trained and sent, one more batch of 4 trained and unsent, 3 in the partial batch.
    feed(original, examples, 0, 15);
    OperatorSubtaskState snapshot = original.snapshot(1L, 1L);
    original.getOutput().clear();
    var restored = harness(AveragingMode.DELAYED, snapshot);

    Contribution fromOriginal = continueWith(original, examples).get(0);
    Contribution fromRestored = continueWith(restored, examples).get(0);

    assertThat(fromOriginal.examples()).isEqualTo(8);
    assertThat(fromOriginal.prequentialCostSum()).isNotEqualTo(fromOriginal.costSum());
    assertThat(fromRestored.prequentialCostSum()).isEqualTo(fromOriginal.prequentialCostSum());
    assertThat(fromRestored.prequentialCorrect()).isEqualTo(fromOriginal.prequentialCorrect());
    original.close();
    restored.close();
  }

  /**
   * A batch record (format 3) trains as its examples sent one record each: the same contributions.
   * Catches a worker that trains only part of a batch, or reorders it.
   */
  @Test
  void aBatchRecordTrainsLikeItsExamplesOneByOne() throws Exception {
    List<Example> examples = Examples.random(60, Split.TRAINING, 11);
    var oneByOne = harness(AveragingMode.DELAYED, null);
    oneByOne.processElement2(new StreamRecord<>(model(0, 0, 1)));
    feed(oneByOne, examples, 0, 40);
    var batched = harness(AveragingMode.DELAYED, null);
    batched.processElement2(new StreamRecord<>(model(0, 0, 1)));
    batched.processElement1(new StreamRecord<>(new ExampleRecord(ExampleCodec.encodeBatch(examples.subList(0, 13)))));
    batched.processElement1(new StreamRecord<>(new ExampleRecord(ExampleCodec.encodeBatch(examples.subList(13, 40)))));

    List<Contribution> expected = output(oneByOne);
    List<Contribution> actual = output(batched);
    assertThat(expected).isNotEmpty();
    assertThat(actual).hasSameSizeAs(expected);
    for (int c = 0; c < expected.size(); c++) {
      assertThat(actual.get(c).examples()).isEqualTo(expected.get(c).examples());
      assertThat(actual.get(c).costSum()).isEqualTo(expected.get(c).costSum());
      assertThat(actual.get(c).parameters()).containsExactly(expected.get(c).parameters());
    }
    oneByOne.close();
    batched.close();
  }

  private static void feed(
      TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness, List<Example> examples,
      int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      harness.processElement1(new StreamRecord<>(Examples.record(examples.get(i))));
    }
  }

  /**
   * Feeds the rest of the stream (models and examples interleaved) and collects what comes out.
   * Its models are of generation 1, as a restarted attempt publishes them.
   */
  private static List<Contribution> continueWith(
      TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness, List<Example> examples)
      throws Exception {
    harness.processElement2(new StreamRecord<>(model(1, 1, 2)));
    feed(harness, examples, 11, 40);
    harness.processElement2(new StreamRecord<>(model(1, 2, 3)));
    feed(harness, examples, 40, 60);
    harness.processElement2(new StreamRecord<>(model(1, 3, 4)));
    harness.endInput1();
    return output(harness);
  }

  /** The contributions the harness emitted so far. */
  private static List<Contribution> output(
      TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness) {
    return HarnessOutput.contributions(harness);
  }
}
