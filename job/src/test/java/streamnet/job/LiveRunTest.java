package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.io.ModelFile;
import streamnet.network.train.TrainingSettings;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * A live run and a run from an initial model, through workers, shards and the coordinator wired in
 * memory ({@link ProtocolBus}): windows go on past the epoch limit and early stopping, each window
 * writes the newest and the best model, and the first version is the initial model's.
 */
class LiveRunTest {
  private static final String RUN = "live";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 4, 10);
  private static final int WINDOW = 20;

  /** Two workers, sync, k = 1, 20-example windows, an epoch limit of 2 and early stopping after 1 window. */
  private static TrainingSettings training() {
    return new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
        new Hyperparameters(0.5, 2.0, Regularization.L2, 0, 0, WINDOW), 5, 2, 1, false, 7);
  }

  private static JobSettings settings(TrainingSettings training) {
    return new JobSettings(training, 2, 1, AveragingMode.SYNC, WINDOW);
  }

  private static ProtocolBus start(JobSettings settings, Averaging averager) {
    ProtocolBus bus = new ProtocolBus(averager, settings.parallelism(), RUN, settings);
    bus.loadReference();
    bus.settle();
    return bus;
  }

  // Catches: a live run stopped by the epoch limit or early stopping (a stop header, a final line),
  // latest.json not written every window or not the window's global model, best.json not the best.
  @Test
  void aLiveRunGoesOnPastTheEpochLimitAndEarlyStoppingWritingTheNewestAndTheBestModel() throws Exception {
    double[] curve = {0.50, 0.70, 0.60, 0.65, 0.60, 0.55, 0.60};
    List<float[]> evaluated = new ArrayList<>();
    JobSettings settings = settings(training().asLive());
    Averaging averager = new Averaging(RUN, settings, (network, data) -> {
      evaluated.add(network.toFlat());
      return new Evaluation((int) Math.round(curve[evaluated.size() - 1] * 100), 100, 1.0);
    });
    ProtocolBus bus = start(settings, averager);
    List<Example> examples = Examples.random(WINDOW, Split.TRAINING, 5);
    List<byte[]> latestFiles = new ArrayList<>();
    for (int fed = 0; averager.epoch() < curve.length; fed++) {
      bus.example(fed % 2, examples.get(fed % WINDOW));
      if (bus.files.containsKey(Coordinator.LATEST_MODEL)
          && (latestFiles.isEmpty() || latestFiles.get(latestFiles.size() - 1) != bus.files.get(Coordinator.LATEST_MODEL))) {
        latestFiles.add(bus.files.get(Coordinator.LATEST_MODEL));
      }
    }

    assertThat(averager.isFinished()).isFalse();
    assertThat(bus.published).noneMatch(ModelUpdate::stop);
    assertThat(bus.metrics).hasSize(curve.length).noneMatch(line -> line.contains("\"final\""));
    assertThat(latestFiles).hasSize(curve.length);
    for (int window = 0; window < curve.length; window++) {
      assertThat(ModelFile.read(latestFiles.get(window), "latest").toFlat())
          .as("latest.json after window %d", window + 1).containsExactly(evaluated.get(window));
    }
    assertThat(ModelFile.read(bus.files.get(Coordinator.BEST_MODEL), "best").toFlat())
        .containsExactly(evaluated.get(1));
    assertThat(bus.files).doesNotContainKey(Coordinator.FINAL_MODEL);
  }

  // Catches: latest.json written by a bounded run (it has final.json), or the bounded run not
  // stopping at its epoch limit any more.
  @Test
  void aBoundedRunStillStopsAtItsLimitAndWritesNoLatestModel() {
    JobSettings settings = settings(training());
    Averaging averager = new Averaging(RUN, settings, (network, data) -> new Evaluation(50, 100, 1.0));
    ProtocolBus bus = start(settings, averager);
    List<Example> examples = Examples.random(WINDOW, Split.TRAINING, 5);
    for (int fed = 0; !averager.isFinished() && fed < 10 * WINDOW; fed++) {
      bus.example(fed % 2, examples.get(fed % WINDOW));
    }
    assertThat(averager.isFinished()).isTrue();
    assertThat(averager.epoch()).isEqualTo(2);
    assertThat(bus.files).containsKeys(Coordinator.BEST_MODEL, Coordinator.FINAL_MODEL)
        .doesNotContainKey(Coordinator.LATEST_MODEL);
  }

  // Catches: a restored live run counting windows from 1 again, losing its best, or stopping at
  // the epoch limit after the restore (live taken from state that does not hold it).
  @Test
  void aRestoredLiveRunGoesOnCountingWindowsFromTheCheckpoint() {
    double[] curve = {0.50, 0.70, 0.60, 0.60, 0.60, 0.60};
    int[] calls = {0};
    Coordinator.Validator scripted = (network, data) ->
        new Evaluation((int) Math.round(curve[calls[0]++] * 100), 100, 1.0);
    JobSettings settings = settings(training().asLive());
    Averaging averager = new Averaging(RUN, settings, scripted);
    ProtocolBus bus = start(settings, averager);
    List<Example> examples = Examples.random(WINDOW, Split.TRAINING, 5);
    int fed = 0;
    while (averager.epoch() < 3) {
      bus.example(fed % 2, examples.get(fed++ % WINDOW));
    }

    Averaging restored = new Averaging(RUN, settings, scripted);
    restored.restore(averager.snapshot());
    ProtocolBus after = new ProtocolBus(restored, 2, RUN, 1, settings);
    restored.beginAttempt(1);
    restored.republish(after);
    after.loadReference();
    after.settle();
    while (restored.epoch() < curve.length) {
      after.example(fed % 2, examples.get(fed++ % WINDOW));
    }
    assertThat(restored.isFinished()).isFalse();
    assertThat(after.metrics).hasSize(curve.length - 3);
    assertThat(after.metrics.get(0)).contains("\"epoch\":4,");
    assertThat(restored.policy().bestEpoch()).isEqualTo(2);
  }

  // Catches: the shards drawing the seeded network although the run has an initial model.
  @Test
  void theFirstGlobalModelIsTheInitialModel() {
    Network model = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(1234));
    JobSettings settings = settings(training().startingFrom(model)).withAveragers(3);
    ProtocolBus bus = start(settings, new Averaging(RUN, settings));
    assertThat(bus.published.get(0).version()).isZero();
    assertThat(bus.published.get(0).parameters()).containsExactly(model.toFlat());
  }
}
