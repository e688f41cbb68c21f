package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
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
 * Operator state restored at another parallelism through Flink's own repartitioning: workers
 * merged into one keep every example they had read, a new worker starts empty, and the averager's
 * open round closes with what it holds.
 */
class RescaleTest {
  private static final String RUN = "rescale";
  private static final int MAX_PARALLELISM = 128;
  private static final int MINI_BATCH = 4;
  private static final int AVERAGE_EVERY = 2;
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 6, 10);

  private static JobSettings settings(AveragingMode mode, int parallelism) {
    TrainingSettings training = new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
        new Hyperparameters(0.5, 1.0, Regularization.L2, 0.5, 0, 1000), MINI_BATCH, 10, 0, false, 3);
    return new JobSettings(training, parallelism, AVERAGE_EVERY, mode, 1000);
  }

  private static ModelUpdate model(long version) {
    Network network = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(version + 1));
    return new ModelUpdate(
        RUN, 0, version, 0, 0, 0.5, false, network.toFlat(), new float[network.parameterCount()]);
  }

  private static TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> worker(
      AveragingMode mode, int parallelism, int subtask, OperatorSubtaskState restoreFrom) throws Exception {
    var harness = new TwoInputStreamOperatorTestHarness<>(
        new WorkerOperator(RUN, settings(mode, parallelism)), MAX_PARALLELISM, parallelism, subtask);
    harness.setup();
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static void feed(TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution> harness,
      List<Example> examples) throws Exception {
    for (Example example : examples) {
      harness.processElement1(new StreamRecord<>(Examples.record(example)));
    }
  }

  private static long examples(List<Contribution> contributions) {
    return contributions.stream().mapToLong(Contribution::examples).sum();
  }

  /*
   * A worker whose input ended sends its last contribution once nothing is in flight: each test
   * delivers one more model after the end of the input.
   */

  /**
   * Three delayed workers merged into one. Each has a contribution in flight, one mini-batch (4
   * examples) trained but unsent, and a partial mini-batch of 2, 3 and 1 examples. Flink hands the
   * three states over in no fixed order; the merged worker keeps the replica and unsent work of
   * whichever comes first and trains every other state's partial mini-batch: 4 + 2 + 3 + 1.
   */
  @Test
  void delayedWorkersMergedIntoOneKeepEveryPartialMiniBatch() throws Exception {
    List<Example> examples = Examples.random(60, Split.TRAINING, 31);
    int[] partial = {2, 3, 1};
    List<OperatorSubtaskState> snapshots = new ArrayList<>();
    List<TwoInputStreamOperatorTestHarness<ExampleRecord, ModelUpdate, ShardContribution>> workers = new ArrayList<>();
    int next = 0;
    for (int subtask = 0; subtask < 3; subtask++) {
      var worker = worker(AveragingMode.DELAYED, 3, subtask, null);
      worker.processElement2(new StreamRecord<>(model(0)));
      int count = 3 * MINI_BATCH + partial[subtask];
      feed(worker, examples.subList(next, next + count));
      next += count;
      assertThat(examples(HarnessOutput.contributions(worker))).as("two mini-batches sent").isEqualTo(2 * MINI_BATCH);
      snapshots.add(worker.snapshot(1L, 1L));
      workers.add(worker);
    }

    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
        AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(OperatorSubtaskState[]::new)),
        MAX_PARALLELISM, 3, 1, 0);
    var restored = worker(AveragingMode.DELAYED, 1, 0, merged);
    restored.processElement2(new StreamRecord<>(model(1)));
    restored.endInput1();
    restored.processElement2(new StreamRecord<>(model(2)));
    restored.processElement2(new StreamRecord<>(model(3)));

    List<Contribution> contributions = HarnessOutput.contributions(restored);
    assertThat(examples(contributions)).isEqualTo(MINI_BATCH + 2 + 3 + 1);
    assertThat(contributions).last().extracting(Contribution::finished).isEqualTo(true);
    workers.add(restored);
    closeAll(workers.toArray(AbstractStreamOperatorTestHarness<?>[]::new));
  }

  /** Two sync workers waiting for an average, with 3 and 5 examples buffered, merged into one. */
  @Test
  void syncWorkersMergedIntoOneKeepEveryBufferedExample() throws Exception {
    List<Example> examples = Examples.random(40, Split.TRAINING, 32);
    var first = worker(AveragingMode.SYNC, 2, 0, null);
    first.processElement2(new StreamRecord<>(model(0)));
    feed(first, examples.subList(0, 11));
    var second = worker(AveragingMode.SYNC, 2, 1, null);
    second.processElement2(new StreamRecord<>(model(0)));
    feed(second, examples.subList(11, 24));
    assertThat(examples(HarnessOutput.contributions(first))).isEqualTo(8);
    assertThat(examples(HarnessOutput.contributions(second))).isEqualTo(8);

    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repartitionOperatorState(
        AbstractStreamOperatorTestHarness.repackageState(first.snapshot(1L, 1L), second.snapshot(1L, 1L)),
        MAX_PARALLELISM, 2, 1, 0);
    var restored = worker(AveragingMode.SYNC, 1, 0, merged);
    restored.processElement2(new StreamRecord<>(model(1)));
    restored.endInput1();
    restored.processElement2(new StreamRecord<>(model(2)));

    assertThat(examples(HarnessOutput.contributions(restored))).isEqualTo(3 + 5);
    closeAll(first, second, restored);
  }

  /**
   * One worker's state split over two: subtask 0 continues with it (2 unsent mini-batches' worth
   * after the next model, plus its partial one), subtask 1 starts empty and trains what it gets.
   */
  @Test
  void aWorkerRescaledToTwoContinuesInTheFirstAndTheSecondStartsEmpty() throws Exception {
    List<Example> examples = Examples.random(40, Split.TRAINING, 33);
    var alone = worker(AveragingMode.DELAYED, 1, 0, null);
    alone.processElement2(new StreamRecord<>(model(0)));
    feed(alone, examples.subList(0, 14));
    OperatorSubtaskState snapshot = alone.snapshot(1L, 1L);

    var first = worker(AveragingMode.DELAYED, 2, 0,
        AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, 0));
    var second = worker(AveragingMode.DELAYED, 2, 1,
        AbstractStreamOperatorTestHarness.repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, 1));
    first.processElement2(new StreamRecord<>(model(1)));
    first.endInput1();
    first.processElement2(new StreamRecord<>(model(2)));
    feed(second, examples.subList(14, 23));
    assertThat(HarnessOutput.contributions(second)).as("no model yet: everything is buffered").isEmpty();
    second.processElement2(new StreamRecord<>(model(1)));
    second.endInput1();
    second.processElement2(new StreamRecord<>(model(2)));

    assertThat(examples(HarnessOutput.contributions(first))).as("one unsent mini-batch and 2 partial").isEqualTo(4 + 2);
    assertThat(HarnessOutput.contributions(second)).extracting(Contribution::worker).containsOnly(1);
    assertThat(examples(HarnessOutput.contributions(second))).isEqualTo(9);
    assertThat(HarnessOutput.contributions(second)).last().extracting(Contribution::finished).isEqualTo(true);
    closeAll(alone, first, second);
  }

  /**
   * Averaging restored with settings of another parallelism: worker numbers mean other workers,
   * so the open round (worker 0's contribution) is orphaned and closes with exactly what it holds —
   * the coordinator closing it once the reference sets are in again.
   */
  @Test
  void averagingRestoredAtAnotherParallelismClosesItsOrphanedRoundWithWhatItHeld() throws Exception {
    var original = AveragingHarness.start(RUN, settings(AveragingMode.SYNC, 2), () -> Examples.referenceRecords(20));
    ModelUpdate initial = original.published().get(0);
    float[] parameters = model(7).parameters();
    float[] velocity = model(8).parameters();
    original.contribute(new Contribution(0, 0, initial.version(), 12, 6.0, 5, 0, false, parameters, velocity));
    assertThat(original.published()).hasSize(1);

    var restored = AveragingHarness.restore(
        RUN, settings(AveragingMode.SYNC, 3), () -> Examples.referenceRecords(20), original.snapshot(1L));

    List<ModelUpdate> published = restored.published();
    assertThat(published).extracting(ModelUpdate::version).containsExactly(0L, 1L);
    ModelUpdate closed = published.get(1);
    assertThat(closed.examples()).isEqualTo(12);
    assertThat(closed.parameters()).containsExactly(parameters);
    assertThat(closed.velocity()).containsExactly(velocity);
    original.close();
    restored.close();
  }

  private static void closeAll(AbstractStreamOperatorTestHarness<?>... harnesses) throws Exception {
    for (AbstractStreamOperatorTestHarness<?> harness : harnesses) {
      harness.close();
    }
  }
}
