package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.OneHot;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.io.ModelFile;
import streamnet.network.train.TrainingSettings;
import streamnet.record.Example;
import streamnet.record.Split;

/** The averaging protocol between workers and averager, without Flink. */
class ProtocolTest {
  private static final String RUN = "run-1";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 12, 10);

  /** A staleness bound so high that delayed workers never wait: the delayed mode without the bound. */
  private static final int UNBOUNDED_STALENESS = Integer.MAX_VALUE;

  private static JobSettings settings(int parallelism, int miniBatch, int k, AveragingMode mode,
      int epochSize, int epochs, int patience, boolean schedule, double momentum) {
    return settings(parallelism, miniBatch, k, mode, epochSize, epochs, patience, schedule, momentum,
        TrainingJobOptions.MAX_STALENESS.defaultValue());
  }

  private static JobSettings settings(int parallelism, int miniBatch, int k, AveragingMode mode,
      int epochSize, int epochs, int patience, boolean schedule, double momentum, int maxStaleness) {
    Hyperparameters hyper = new Hyperparameters(0.5, 2.0, Regularization.L2, momentum, 0, epochSize);
    TrainingSettings training = new TrainingSettings(
        ARCHITECTURE, WeightInitializer.DEFAULT, hyper, miniBatch, epochs, patience, schedule, 7);
    return new JobSettings(training, parallelism, k, mode, epochSize, maxStaleness);
  }

  private static ProtocolBus start(JobSettings settings, Averaging averager) {
    ProtocolBus bus = new ProtocolBus(averager, settings.parallelism(), RUN, settings);
    bus.loadReference();
    bus.settle();
    return bus;
  }

  /**
   * DL4J's oracle: plain SGD, sync, k = 1, equal shards — P workers with mini-batch m give the
   * parameters one process gets with mini-batch P·m on the same examples.
   */
  @ParameterizedTest(name = "{0} averager shards")
  @ValueSource(ints = {1, 2, 3, 7})
  void syncAveragingEveryBatchEqualsOneProcessWithPTimesTheBatch(int shards) {
    JobSettings settings = settings(2, 5, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0).withAveragers(shards);
    assertAveragingMatchesOneProcess(settings, Examples.random(200, Split.TRAINING, 1), 2e-5f);
  }

  @ParameterizedTest(name = "{0} averager shards")
  @ValueSource(ints = {1, 3})
  void momentumVelocitiesAreAveragedSoTheOracleHoldsWithMomentumToo(int shards) {
    JobSettings settings = settings(2, 4, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0.8).withAveragers(shards);
    assertAveragingMatchesOneProcess(settings, Examples.random(80, Split.TRAINING, 4), 5e-5f);
  }

  private static void assertAveragingMatchesOneProcess(
      JobSettings settings, List<Example> examples, float tolerance) {
    int p = settings.parallelism();
    int batch = p * settings.training().miniBatch();
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    for (int i = 0; i < examples.size(); i++) {
      bus.example(i % p, examples.get(i));
    }

    Network single = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(7));
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(single, settings.training().hyperparameters(), batch, new Rng(0));
    float[][] targets = OneHot.vectors(10);
    float[][] xs = new float[batch][];
    float[][] ys = new float[batch][];
    for (int from = 0; from < examples.size(); from += batch) {
      for (int e = 0; e < batch; e++) {
        xs[e] = examples.get(from + e).image();
        ys[e] = targets[examples.get(from + e).label()];
      }
      trainer.train(xs, ys, batch);
    }

    assertThat(bus.averager.version()).isEqualTo(examples.size() / batch);
    float[] expected = single.toFlat();
    float[] actual = bus.averager.globalParameters();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  @Test
  void scriptedValidationCurveStopsAtTheRightEpochHalvesEtaAndKeepsTheBestModel() throws Exception {
    double[] curve = {0.50, 0.70, 0.60, 0.65, 0.68, 0.66, 0.69, 0.64, 0.62, 0.61, 0.6, 0.6, 0.6, 0.6,
        0.6, 0.6, 0.6, 0.6};
    List<float[]> evaluated = new ArrayList<>();
    int epochSize = 20;
    JobSettings settings = settings(2, 5, 2, AveragingMode.SYNC, epochSize, 100, 2, true, 0);
    Averaging averager = new Averaging(RUN, settings, (network, data) -> {
      evaluated.add(network.toFlat());
      return new Evaluation((int) Math.round(curve[evaluated.size() - 1] * 100), 100, 1.0);
    });
    ProtocolBus bus = start(settings, averager);
    List<Example> examples = Examples.random(epochSize, Split.TRAINING, 5);
    for (int fed = 0; !averager.isFinished() && fed < epochSize * 40; fed++) {
      bus.example(fed % 2, examples.get(fed % epochSize));
    }
    // Best 0.70 in epoch 2; with patience 2, η halves after epochs 4, 6, ..., 16: the 7th halving
    // reaches η0/128 and stops the run after epoch 16.
    assertThat(averager.isFinished()).isTrue();
    assertThat(averager.epoch()).isEqualTo(16);
    assertThat(averager.policy().rule().halvings()).isEqualTo(7);
    assertThat(averager.policy().rule().eta()).isEqualTo(0.5 / 128);
    assertThat(bus.metrics.get(3)).contains("\"epoch\":4,\"eta\":0.5,");
    assertThat(bus.metrics.get(4)).contains("\"epoch\":5,\"eta\":0.25,");
    assertThat(bus.metrics.get(6)).contains("\"epoch\":7,\"eta\":0.125,");
    assertThat(bus.metrics).last().asString().contains("\"best_epoch\":2");
    Network best = ModelFile.read(bus.files.get(Coordinator.BEST_MODEL), "best");
    Network last = ModelFile.read(bus.files.get(Coordinator.FINAL_MODEL), "final");
    assertThat(best.toFlat()).containsExactly(evaluated.get(1));
    assertThat(last.toFlat()).containsExactly(evaluated.get(15));
    assertThat(best.toFlat()).isNotEqualTo(evaluated.get(0));
    assertThat(bus.lastPublished().stop()).isTrue();
  }

  @Test
  void earlyStoppingStateSurvivesARestoreMidPatience() {
    double[] curve = {0.50, 0.70, 0.60, 0.65, 0.72, 0.6, 0.6, 0.6, 0.6};
    int[] calls = {0};
    Coordinator.Validator scripted = (network, data) ->
        new Evaluation((int) Math.round(curve[calls[0]++] * 100), 100, 1.0);
    int epochSize = 20;
    JobSettings settings = settings(2, 5, 2, AveragingMode.SYNC, epochSize, 100, 3, false, 0);
    Averaging averager = new Averaging(RUN, settings, scripted);
    ProtocolBus bus = start(settings, averager);
    List<Example> examples = Examples.random(epochSize, Split.TRAINING, 5);
    int fed = 0;
    while (averager.epoch() < 3) {
      bus.example(fed % 2, examples.get(fed++ % epochSize));
    }
    assertThat(averager.policy().rule().epochsWithoutImprovement()).isEqualTo(1);

    Averaging restored = new Averaging(RUN, settings, scripted);
    restored.restore(averager.snapshot());
    ProtocolBus after = new ProtocolBus(restored, 2, RUN, 1, settings);
    restored.beginAttempt(1);
    restored.republish(after);
    after.loadReference();
    after.settle();
    assertThat(restored.policy().rule()).isEqualTo(averager.policy().rule());
    while (!restored.isFinished()) {
      after.example(fed % 2, examples.get(fed++ % epochSize));
    }
    // Epoch 5 improves (0.72); three epochs without improvement (6, 7, 8) stop it.
    assertThat(restored.epoch()).isEqualTo(8);
    assertThat(restored.policy().rule().bestEpoch()).isEqualTo(5);
  }

  @Test
  void aWorkerWithNoExamplesDoesNotBlockTheOthersAndTheRunFinishesWhenAllInputEnds() {
    JobSettings settings = settings(3, 5, 2, AveragingMode.SYNC, 40, 10, 0, false, 0);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    bus.endInput(2);
    List<Example> examples = Examples.random(83, Split.TRAINING, 6);
    for (int i = 0; i < examples.size(); i++) {
      bus.example(i % 2, examples.get(i));
    }
    assertThat(bus.averager.isFinished()).isFalse();
    bus.endInput(0);
    bus.endInput(1);
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(bus.metrics).last().asString().contains("\"final\":true").contains("test_accuracy");
    // 83 examples = 2 full epochs of 40 + a partial one of 3, evaluated at the end.
    assertThat(bus.metrics.stream().filter(l -> l.contains("\"epoch\"")).count()).isEqualTo(3);
    assertThat(bus.metrics.get(2)).contains("\"examples\":83");
  }

  @Test
  void delayedWorkersKeepTrainingAndFoldTheAverageIn() {
    JobSettings settings = settings(2, 5, 2, AveragingMode.DELAYED, 1000, 10, 0, false, 0, UNBOUNDED_STALENESS);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(100, Split.TRAINING, 8);
    // Worker 0 gets 40 examples before worker 1 gets any: it never waits.
    for (int i = 0; i < 40; i++) {
      bus.example(0, examples.get(i));
    }
    assertThat(bus.workers.get(0).statistics().examples()).isEqualTo(40);
    assertThat(bus.averager.version()).isZero();
    for (int i = 40; i < 60; i++) {
      bus.example(1, examples.get(i));
    }
    assertThat(bus.averager.version()).isGreaterThanOrEqualTo(1);
    assertThat(bus.workers.get(1).statistics().examples()).isEqualTo(20);
  }

  /**
   * A restore in the middle of a round: the model topic still holds the versions the failed attempt
   * published after the checkpoint; workers ignore them, the restored averager republishes the
   * checkpointed version under the new attempt's generation, and training goes on from the
   * checkpointed round. Every example is averaged exactly once.
   */
  @Test
  void afterARestoreNoExampleIsLostOrTrainedTwice() {
    JobSettings settings = settings(2, 5, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(60, Split.TRAINING, 9);
    for (int i = 0; i < 23; i++) {
      bus.example(i % 2, examples.get(i));
    }
    Averaging.Snapshot averagerCheckpoint = bus.averager.snapshot();
    WorkerState worker0 = bus.workers.get(0).snapshot();
    WorkerState worker1 = bus.workers.get(1).snapshot();
    long checkpointVersion = bus.averager.version();
    for (int i = 23; i < 45; i++) {
      bus.example(i % 2, examples.get(i));
    }
    List<ModelUpdate> abandoned = List.copyOf(bus.published);

    Averaging restored = new Averaging(RUN, settings);
    restored.restore(averagerCheckpoint);
    restored.beginAttempt(1);
    ProtocolBus after = new ProtocolBus(restored, 2, RUN, 1, settings);
    after.workers.get(0).restore(List.of(worker0));
    after.workers.get(1).restore(List.of(worker1));
    // The model topic is re-read from the checkpoint: abandoned versions first, then the republished one.
    abandoned.forEach(after::publish);
    restored.republish(after);
    after.loadReference();
    after.settle();
    assertThat(after.lastPublished().generation()).isEqualTo(1);
    assertThat(after.lastPublished().version()).isEqualTo(checkpointVersion);
    // Kafka offsets come back with the checkpoint: examples 23.. are read again, once.
    for (int i = 23; i < 60; i++) {
      after.example(i % 2, examples.get(i));
    }
    assertThat(restored.version()).isEqualTo(60 / 10);

    ProtocolBus undisturbed = start(settings, new Averaging(RUN, settings));
    for (int i = 0; i < 60; i++) {
      undisturbed.example(i % 2, examples.get(i));
    }
    assertThat(restored.globalParameters()).containsExactly(undisturbed.averager.globalParameters());
  }

  /**
   * A failure before the first checkpoint: the job restarts from nothing, but the model topic holds
   * the failed attempt's versions, and fresh workers replay them before the new attempt's. The new
   * attempt's generation is higher, so workers follow it instead of the abandoned ones.
   */
  @Test
  void aRestartWithoutACheckpointIsNotMistakenForTheAbandonedAttempt() {
    JobSettings settings = settings(2, 5, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0);
    ProtocolBus first = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(60, Split.TRAINING, 12);
    for (int i = 0; i < 30; i++) {
      first.example(i % 2, examples.get(i));
    }
    List<ModelUpdate> abandoned = List.copyOf(first.published);
    assertThat(abandoned).hasSizeGreaterThan(2);

    Averaging fresh = new Averaging(RUN, settings);
    fresh.beginAttempt(1);
    ProtocolBus second = new ProtocolBus(fresh, 2, RUN, 1, settings);
    abandoned.forEach(second::publish);
    second.loadReference();
    second.settle();
    for (int i = 0; i < 60; i++) {
      second.example(i % 2, examples.get(i));
    }
    assertThat(second.lastPublished().generation()).isEqualTo(1);
    assertThat(fresh.version()).isEqualTo(6);
  }

  /**
   * A savepoint resumed as a new run with fewer workers: one worker takes both states and goes on.
   * At the savepoint (33 examples, m = 5, k = 1) 30 examples are averaged, worker 0 holds 2 in its
   * partial mini-batch and worker 1 holds 1; the merged worker trains those 3 and the 67 that follow,
   * so the run ends with all 100 averaged.
   */
  @Test
  void aSavepointResumedWithFewerWorkersKeepsEveryExample() {
    JobSettings two = settings(2, 5, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0);
    ProtocolBus bus = start(two, new Averaging(RUN, two));
    List<Example> examples = Examples.random(100, Split.TRAINING, 13);
    for (int i = 0; i < 33; i++) {
      bus.example(i % 2, examples.get(i));
    }
    Averaging.Snapshot averagerSavepoint = bus.averager.snapshot();
    List<WorkerState> workerSavepoints = List.of(bus.workers.get(0).snapshot(), bus.workers.get(1).snapshot());
    assertThat(averagerSavepoint.coordinator().examples()).isEqualTo(30);
    assertThat(workerSavepoints).extracting(state -> state.batch().size()).containsExactly(2, 1);

    JobSettings one = settings(1, 5, 1, AveragingMode.SYNC, 1000, 10, 0, false, 0);
    Averaging resumed = new Averaging("run-2", one);
    resumed.restore(averagerSavepoint);
    resumed.beginAttempt(0);
    ProtocolBus after = new ProtocolBus(resumed, 1, "run-2", 0, one);
    after.workers.get(0).restore(workerSavepoints);
    resumed.republish(after);
    after.loadReference();
    after.settle();
    for (int i = 33; i < 100; i++) {
      after.example(0, examples.get(i));
    }
    after.endInput(0);

    assertThat(after.lastPublished().runId()).isEqualTo("run-2");
    assertThat(after.workers.get(0).statistics().examples()).isEqualTo(2 + 1 + 67);
    assertThat(resumed.isFinished()).isTrue();
    assertThat(after.metrics.get(0)).contains("\"examples\":100,");
  }

  /**
   * The delayed-mode oracle: one worker folding each average in, with the averages lagging behind
   * its training, is plain one-process SGD on the same examples in the same order (the fold-in adds
   * back, up to float rounding, exactly what was trained while the average was on its way).
   */
  @Test
  void delayedAveragingWithOneWorkerEqualsOneProcess() {
    JobSettings settings = settings(1, 5, 2, AveragingMode.DELAYED, 100_000, 10, 0, false, 0);
    assertDelayedMatchesOneProcess(settings, Examples.random(300, Split.TRAINING, 17), 2e-5f);
  }

  @Test
  void delayedAveragingWithOneWorkerEqualsOneProcessWithMomentumToo() {
    JobSettings settings = settings(1, 5, 2, AveragingMode.DELAYED, 100_000, 10, 0, false, 0.7);
    assertDelayedMatchesOneProcess(settings, Examples.random(300, Split.TRAINING, 18), 5e-5f);
  }

  private static void assertDelayedMatchesOneProcess(
      JobSettings settings, List<Example> examples, float tolerance) {
    int batch = settings.training().miniBatch();
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    Worker worker = bus.workers.get(0);
    int foldedIn = 0;
    for (int i = 0; i < examples.size(); i++) {
      bus.exampleWithoutDelivery(0, examples.get(i));
      // Contributions leave after every 10th example; their averages arrive 8 examples later, when
      // the worker has trained one more mini-batch (5) and holds 3 of the next.
      if (i % 10 == 7) {
        long before = worker.snapshot().version();
        bus.settle();
        foldedIn += worker.snapshot().version() > before ? 1 : 0;
      }
    }
    bus.endInput(0);
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(foldedIn).as("averages folded in while training went on").isGreaterThan(10);

    Network single = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(7));
    MiniBatchTrainer trainer =
        new MiniBatchTrainer(single, settings.training().hyperparameters(), batch, new Rng(0));
    float[][] targets = OneHot.vectors(10);
    float[][] xs = new float[batch][];
    float[][] ys = new float[batch][];
    for (int from = 0; from < examples.size(); from += batch) {
      for (int e = 0; e < batch; e++) {
        xs[e] = examples.get(from + e).image();
        ys[e] = targets[examples.get(from + e).label()];
      }
      trainer.train(xs, ys, batch);
    }

    float[] expected = single.toFlat();
    float[] actual = bus.averager.globalParameters();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(tolerance));
    }
  }

  @Test
  void delayedWorkersAverageEveryExampleByTheEnd() {
    JobSettings settings = settings(2, 10, 5, AveragingMode.DELAYED, 100_000, 10, 0, false, 0);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(1003, Split.TRAINING, 14);
    for (int i = 0; i < examples.size(); i++) {
      bus.example(i % 2, examples.get(i));
    }
    bus.endInput(0);
    bus.endInput(1);
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(bus.metrics.get(0)).contains("\"examples\":1003");
  }

  /** Models and contributions lag behind the examples, as on a busy cluster: nothing is lost. */
  @Test
  void delayedWorkersAverageEveryExampleWhenMessagesLag() {
    JobSettings settings = settings(2, 10, 5, AveragingMode.DELAYED, 100_000, 10, 0, false, 0);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(5003, Split.TRAINING, 15);
    Rng rng = new Rng(99);
    for (int i = 0; i < examples.size(); i++) {
      bus.exampleWithoutDelivery(i % 2, examples.get(i));
      if (rng.nextInt(40) == 0) {
        bus.deliverSome();
      }
    }
    bus.endInputWithoutDelivery(0);
    bus.deliverSome();
    bus.endInputWithoutDelivery(1);
    bus.settle();
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(bus.metrics.get(0)).contains("\"examples\":5003");
  }

  /**
   * Examples that arrive before the first model are buffered; draining them sends a contribution,
   * and the worker must not send a second one for the same version (the averager would drop it).
   */
  @Test
  void delayedWorkersKeepEveryExampleTheyBufferedBeforeTheFirstModel() {
    JobSettings settings = settings(2, 10, 5, AveragingMode.DELAYED, 100_000, 10, 0, false, 0);
    Averaging averager = new Averaging(RUN, settings);
    ProtocolBus bus = new ProtocolBus(averager, 2, RUN, settings);
    List<Example> examples = Examples.random(2001, Split.TRAINING, 16);
    for (int i = 0; i < examples.size(); i++) {
      bus.exampleWithoutDelivery(i % 2, examples.get(i));
    }
    bus.loadReference();
    bus.settle();
    bus.endInput(0);
    bus.endInput(1);
    assertThat(averager.isFinished()).isTrue();
    assertThat(bus.metrics.get(0)).contains("\"examples\":2001");
  }

  /** A sync worker holds what arrives while its average is pending, shows the count, and trains it all. */
  @Test
  void syncWorkersBufferWhileTheAverageIsPendingAndTrainItWhenItArrives() {
    JobSettings settings = settings(1, 5, 2, AveragingMode.SYNC, 100_000, 10, 0, false, 0);
    Averaging averager = new Averaging(RUN, settings);
    ProtocolBus bus = start(settings, averager);
    Worker worker = bus.workers.get(0);
    List<Example> examples = Examples.random(37, Split.TRAINING, 5);
    for (Example example : examples) {
      bus.exampleWithoutDelivery(0, example);
    }

    assertThat(worker.bufferedExamples()).as("after 2 mini-batches of 5 the worker waits").isEqualTo(27);
    bus.settle();
    assertThat(worker.bufferedExamples()).isZero();
    assertThat(worker.statistics().examples()).isEqualTo(35);
    bus.endInput(0);
    assertThat(averager.isFinished()).isTrue();
    assertThat(bus.metrics.get(0)).contains("\"examples\":37");
  }

  /**
   * P = 4 with one worker starved of input, s = 2: the three others train s·k = 4 mini-batches
   * past the initial model (one contribution in flight, one more round's work) and then buffer, instead of
   * running away on a stale model. Once the straggler reports, no worker ever gets more than s·k
   * mini-batches past the model it follows, and every epoch line holds its own examples.
   */
  @Test
  void aDelayedWorkerWaitsAtTheStalenessBoundWhileAnotherStarves() throws Exception {
    JobSettings settings = settings(4, 5, 2, AveragingMode.DELAYED, 400, 10, 0, false, 0, 2);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(1600, Split.TRAINING, 21);
    int next = 0;
    for (int i = 0; i < 900; i++) {
      bus.example(i % 3, examples.get(next++));
    }

    for (int w = 0; w < 3; w++) {
      Worker fast = bus.workers.get(w);
      assertThat(fast.snapshot().miniBatchesPastModel()).as("worker " + w).isEqualTo(4);
      assertThat(fast.statistics().examples()).as("s·k mini-batches of 5").isEqualTo(20);
      assertThat(fast.phase()).isEqualTo(Worker.Phase.AWAITING_AVERAGE);
      assertThat(fast.bufferedExamples()).isEqualTo(280);
    }
    assertThat(bus.averager.version()).isZero();

    long mostPastModel = 0;
    for (int i = 0; i < 400; i++) {
      bus.example(3, examples.get(next++));
      if (i % 4 == 0) {
        for (int w = 0; w < 3; w++) {
          bus.example(w, examples.get(next++));
        }
      }
      mostPastModel = Math.max(mostPastModel, mostMiniBatchesPastModel(bus));
    }
    for (int w = 0; w < 4; w++) {
      bus.endInput(w);
      mostPastModel = Math.max(mostPastModel, mostMiniBatchesPastModel(bus));
    }

    assertThat(mostPastModel).isEqualTo(settings.stalenessLimit());
    assertThat(bus.averager.isFinished()).isTrue();
    List<JsonNode> epochs = epochLines(bus);
    assertThat(epochs).extracting(line -> line.get("examples").asLong()).containsExactly(400L, 800L, 1200L, 1600L);
    assertThat(epochs).allSatisfy(line -> assertThat(line.get("training_accuracy").asDouble()).isPositive());
  }

  /** With the bound set out of reach, delayed workers never wait: the fast ones train all they get. */
  @Test
  void withTheStalenessBoundOutOfReachDelayedWorkersNeverWait() {
    JobSettings settings = settings(4, 5, 2, AveragingMode.DELAYED, 400, 10, 0, false, 0, UNBOUNDED_STALENESS);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    List<Example> examples = Examples.random(900, Split.TRAINING, 21);
    for (int i = 0; i < 900; i++) {
      bus.example(i % 3, examples.get(i));
    }

    for (int w = 0; w < 3; w++) {
      Worker fast = bus.workers.get(w);
      assertThat(fast.snapshot().miniBatchesPastModel()).as("worker " + w).isEqualTo(60);
      assertThat(fast.statistics().examples()).isEqualTo(300);
      assertThat(fast.phase()).isEqualTo(Worker.Phase.TRAINING);
      assertThat(fast.bufferedExamples()).isZero();
    }
    assertThat(bus.averager.version()).isZero();
  }

  /**
   * A round that crosses two epoch boundaries is split at them, its sums in proportion: 250
   * examples (200 correct, cost sum 125) from 0 give epochs 1 and 2 a hundred each at 80 % and mean
   * cost 0.5, and carry 50 (40 correct, cost 25) into epoch 3, which the next round of 50 (10
   * correct, cost 40) completes at 50 % and mean cost 0.65. The model is the same throughout, so
   * the regularization term in each training cost is too.
   */
  @Test
  void aRoundThatCrossesSeveralEpochBoundariesIsSplitAtThemInProportion() throws Exception {
    JobSettings settings = settings(1, 5, 2, AveragingMode.DELAYED, 100, 10, 0, false, 0);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    float[] model = bus.averager.globalParameters();

    bus.averager.onContribution(new Contribution(0, 0, 0, 250, 125.0, 200, 0, false, model, new float[0]), bus);
    bus.averager.onContribution(new Contribution(0, 0, 1, 50, 40.0, 10, 0, false, model, new float[0]), bus);

    List<JsonNode> epochs = epochLines(bus);
    assertThat(epochs).extracting(line -> line.get("epoch").asInt()).containsExactly(1, 2, 3);
    assertThat(epochs).extracting(line -> line.get("examples").asLong()).containsExactly(100L, 200L, 300L);
    assertThat(epochs).extracting(line -> line.get("training_accuracy").asDouble()).containsExactly(0.8, 0.8, 0.5);
    double penalty = epochs.get(0).get("training_cost").asDouble() - 0.5;
    assertThat(epochs.get(1).get("training_cost").asDouble()).isEqualTo(epochs.get(0).get("training_cost").asDouble());
    assertThat(epochs.get(2).get("training_cost").asDouble()).isCloseTo(0.65 + penalty, within(1e-12));
  }

  private static long mostMiniBatchesPastModel(ProtocolBus bus) {
    return bus.workers.stream().mapToLong(worker -> worker.snapshot().miniBatchesPastModel()).max().orElseThrow();
  }

  private static List<JsonNode> epochLines(ProtocolBus bus) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bus.metrics) {
      JsonNode node = json.readTree(line);
      if (node.has("epoch")) {
        lines.add(node);
      }
    }
    return lines;
  }
}
