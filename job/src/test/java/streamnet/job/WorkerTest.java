package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

/** How a delayed-mode worker takes in an average, checked number by number. */
class WorkerTest {
  private static final String RUN = "worker";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 5, 10);
  private static final int MINI_BATCH = 4;

  /** Delayed mode, k = 2, momentum 0.6 so the velocity is not zero. */
  private static final JobSettings DELAYED = new JobSettings(
      new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(0.5, 1.0, Regularization.L2, 0.6, 0, 1000), MINI_BATCH, 10, 0, false, 5),
      1, 2, AveragingMode.DELAYED, 1000);

  private static ModelUpdate model(long version, float[] parameters, float[] velocity) {
    return new ModelUpdate(RUN, 0, version, 0, 0, 0.5, false, parameters, velocity);
  }

  private static float[] filled(float value) {
    float[] values = new float[Network.zeros(ARCHITECTURE).parameterCount()];
    Arrays.fill(values, value);
    return values;
  }

  /**
   * A worker with its first contribution (2 mini-batches) in flight and one more mini-batch trained
   * since, so the average that arrives next does not make it send at once.
   */
  private static Worker withContributionInFlightAndOneBatchMore(
      ModelUpdate first, List<Contribution> sent) {
    Worker worker = new Worker(0, RUN, 0, DELAYED);
    worker.onModel(first, sent::add);
    for (Example example : Examples.random(3 * MINI_BATCH, Split.TRAINING, 21)) {
      worker.onExample(example, sent::add);
    }
    assertThat(sent).hasSize(1);
    return worker;
  }

  @Test
  void delayedWorkerFoldsTheAverageIntoParametersAndVelocity() {
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    List<Contribution> sent = new ArrayList<>();
    Worker worker = withContributionInFlightAndOneBatchMore(
        model(0, initial.toFlat(), new float[initial.parameterCount()]), sent);
    WorkerState before = worker.snapshot();
    float[] wNow = before.parameters();
    float[] vNow = before.velocity();
    float[] wSent = before.inFlight().parameters();
    float[] vSent = before.inFlight().velocity();
    assertThat(wSent).containsExactly(sent.get(0).parameters());
    assertThat(wNow).as("a mini-batch was trained since the contribution").isNotEqualTo(wSent);
    assertThat(vNow).isNotEqualTo(vSent);

    float[] wAvg = filled(0.25f);
    float[] vAvg = filled(-0.125f);
    worker.onModel(model(1, wAvg, vAvg), sent::add);

    WorkerState after = worker.snapshot();
    float[] expectedParameters = new float[wNow.length];
    float[] expectedVelocity = new float[vNow.length];
    for (int p = 0; p < wNow.length; p++) {
      expectedParameters[p] = wAvg[p] + (wNow[p] - wSent[p]);
      expectedVelocity[p] = vAvg[p] + (vNow[p] - vSent[p]);
    }
    assertThat(after.parameters()).containsExactly(expectedParameters);
    assertThat(after.velocity()).containsExactly(expectedVelocity);
    assertThat(after.version()).isEqualTo(1);
    assertThat(after.inFlight()).as("nothing is in flight once its average arrived").isNull();
    assertThat(after.unsentBatches()).as("one batch of k = 2: nothing sent yet").isEqualTo(1);
    assertThat(sent).hasSize(1);
  }

  /**
   * The averager rejected this worker's contribution (its parameters were NaN): there is nothing
   * to fold out, so the worker takes the next model exactly as it is.
   */
  @Test
  void delayedWorkerWhoseContributionWasNotFiniteAdoptsTheNextModel() {
    List<Contribution> sent = new ArrayList<>();
    Worker worker = withContributionInFlightAndOneBatchMore(model(0, filled(Float.NaN), filled(0)), sent);
    assertThat(Finite.all(sent.get(0).parameters())).isFalse();
    assertThat(Finite.all(worker.snapshot().parameters())).isFalse();

    Network next = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(8));
    float[] velocity = filled(0.01f);
    worker.onModel(model(1, next.toFlat(), velocity), sent::add);

    WorkerState after = worker.snapshot();
    assertThat(after.parameters()).containsExactly(next.toFlat());
    assertThat(after.velocity()).containsExactly(velocity);
    assertThat(after.inFlight()).isNull();
  }

  /** A stop message ends the worker: what it buffered or half-batched is dropped, nothing is sent again. */
  @Test
  void aStopMessageEndsTheWorkerAndDropsWhatItHeld() {
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    JobSettings sync = new JobSettings(DELAYED.training(), 1, 2, AveragingMode.SYNC, 1000);
    List<Contribution> sent = new ArrayList<>();
    Worker waiting = new Worker(0, RUN, 0, sync);
    Worker training = new Worker(0, RUN, 0, DELAYED);
    List<Example> examples = Examples.random(2 * MINI_BATCH + 3, Split.TRAINING, 22);
    for (Worker worker : List.of(waiting, training)) {
      worker.onModel(model(0, initial.toFlat(), new float[initial.parameterCount()]), sent::add);
      examples.forEach(example -> worker.onExample(example, sent::add));
    }
    assertThat(waiting.snapshot().buffered()).hasSize(3);
    assertThat(training.snapshot().batch()).hasSize(3);
    assertThat(sent).hasSize(2);

    ModelUpdate stop = new ModelUpdate(RUN, 0, 1, 0, 1, 0.5, true, initial.toFlat(), new float[initial.parameterCount()]);
    for (Worker worker : List.of(waiting, training)) {
      worker.onModel(stop, sent::add);
      examples.forEach(example -> worker.onExample(example, sent::add));
      worker.onInputEnded(sent::add);
      assertThat(worker.phase()).isEqualTo(Worker.Phase.STOPPED);
      assertThat(worker.snapshot().buffered()).isEmpty();
      assertThat(worker.snapshot().batch()).isEmpty();
    }
    assertThat(sent).hasSize(2);
  }

  /** η comes with each model (the averager's schedule and rollbacks set it) and survives a restore. */
  @Test
  void theWorkerTrainsWithTheEtaOfTheModelItFollowsAndKeepsItThroughARestore() {
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    Worker worker = new Worker(0, RUN, 0, DELAYED);
    worker.onModel(new ModelUpdate(RUN, 0, 0, 0, 0, 0.125, false, initial.toFlat(),
        new float[initial.parameterCount()]), contribution -> { });
    assertThat(worker.snapshot().eta()).isEqualTo(0.125);

    Worker restored = new Worker(0, RUN, 0, DELAYED);
    restored.restore(List.of(worker.snapshot()));
    assertThat(restored.snapshot().eta()).isEqualTo(0.125);
  }

  /** Versions of another run, of an earlier attempt, or not newer than the one followed change nothing. */
  @Test
  void modelsOfAnotherRunAnEarlierAttemptOrAnOlderVersionAreIgnored() {
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    float[] velocity = new float[initial.parameterCount()];
    Worker worker = new Worker(0, RUN, 1, DELAYED);
    worker.onModel(new ModelUpdate(RUN, 1, 4, 0, 0, 0.5, false, initial.toFlat(), velocity), c -> { });
    assertThat(worker.snapshot().version()).isEqualTo(4);

    float[] other = filled(0.5f);
    worker.onModel(new ModelUpdate("another-run", 1, 9, 0, 0, 0.5, false, other, velocity), c -> { });
    worker.onModel(new ModelUpdate(RUN, 0, 9, 0, 0, 0.5, false, other, velocity), c -> { });
    worker.onModel(new ModelUpdate(RUN, 1, 3, 0, 0, 0.5, false, other, velocity), c -> { });

    assertThat(worker.snapshot().version()).isEqualTo(4);
    assertThat(worker.snapshot().generation()).isEqualTo(1);
    assertThat(worker.snapshot().parameters()).containsExactly(initial.toFlat());
  }

  /**
   * Rescaled, a worker can take a finished worker's state first and an unfinished one's after it:
   * the other's partial mini-batch and buffered examples are still trained, and its finished
   * contribution carries them. Catches a merged worker that stays FINISHED and drops them.
   */
  @Test
  void aMergedWorkerWhoseFirstStateHadFinishedStillTrainsWhatTheOthersHeld() {
    Network initial = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    ModelUpdate first = model(0, initial.toFlat(), new float[initial.parameterCount()]);
    List<Contribution> ignored = new ArrayList<>();
    Worker finished = new Worker(0, RUN, 0, DELAYED);
    finished.onModel(first, ignored::add);
    finished.onInputEnded(ignored::add);
    assertThat(finished.phase()).isEqualTo(Worker.Phase.FINISHED);
    Worker unfinished = new Worker(1, RUN, 0, DELAYED);
    for (Example example : Examples.random(MINI_BATCH + 3, Split.TRAINING, 22)) {
      unfinished.onExample(example, ignored::add);
    }

    Worker merged = new Worker(0, RUN, 0, DELAYED);
    merged.restore(List.of(finished.snapshot(), unfinished.snapshot()));
    List<Contribution> sent = new ArrayList<>();
    merged.onModel(model(1, initial.toFlat(), new float[initial.parameterCount()]), sent::add);
    // Its last partial mini-batch makes k = 2: an ordinary contribution, then the finished one.
    merged.onModel(model(2, initial.toFlat(), new float[initial.parameterCount()]), sent::add);

    assertThat(merged.phase()).isEqualTo(Worker.Phase.FINISHED);
    assertThat(sent).extracting(Contribution::examples).containsExactly((long) MINI_BATCH + 3, 0L);
    assertThat(sent).extracting(Contribution::finished).containsExactly(false, true);
  }
}
