package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
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
import streamnet.network.io.ModelFile;
import streamnet.network.train.TrainingSettings;

/**
 * The averaging side's arithmetic and its divergence rules, with hand-made contributions, averaged
 * by three shards (so a slice in the wrong place, a dead letter sent by every shard, or shards
 * that disagree on a rollback show).
 */
class AveragerTest {
  private static final String RUN = "averager";
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 4, 10);
  private static final int PARAMETERS = Network.zeros(ARCHITECTURE).parameterCount();
  private static final String NOT_FINITE = "contribution is not finite (NaN or infinite parameters)";

  /** Two workers, k = 1, momentum (so velocities are averaged), an epoch far away, three shards. */
  private static final JobSettings SETTINGS = new JobSettings(
      new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(0.5, 1.0, Regularization.L2, 0.5, 0, 100_000), 5, 10, 0, false, 9),
      2, 1, AveragingMode.SYNC, 100_000).withAveragers(3);

  private static ProtocolBus started() {
    ProtocolBus bus = new ProtocolBus(new Averaging(RUN, SETTINGS), 0, RUN, SETTINGS);
    bus.loadReference();
    return bus;
  }

  private static float[] filled(float value) {
    float[] values = new float[PARAMETERS];
    Arrays.fill(values, value);
    return values;
  }

  private static Contribution contribution(int worker, long baseVersion, long examples, float parameter,
      float velocity) {
    return new Contribution(worker, 0, baseVersion, examples, 1.5, 3, 0, false, filled(parameter),
        filled(velocity));
  }

  @Test
  void theAverageIsWeightedByTheExamplesEachWorkerTrained() {
    ProtocolBus bus = started();
    bus.averager.onContribution(contribution(0, 0, 10, 0.1f, -0.2f), bus);
    bus.averager.onContribution(contribution(1, 0, 30, 0.3f, 0.6f), bus);

    ModelUpdate average = bus.lastPublished();
    assertThat(average.version()).isEqualTo(1);
    assertThat(average.examples()).isEqualTo(40);
    assertThat(average.parameters()).containsExactly(filled((float) ((10.0 * 0.1f + 30.0 * 0.3f) / 40)));
    assertThat(average.velocity()).containsExactly(filled((float) ((10.0 * -0.2f + 30.0 * 0.6f) / 40)));
    assertThat(bus.averager.globalParameters()).containsExactly(average.parameters());
  }

  /**
   * Each shard takes in its slice of every contribution and nothing more: P·M/S bytes per round,
   * to within a parameter's rounding (catches a worker that sends every shard the whole model).
   */
  @Test
  void eachShardTakesInItsSliceOfEachWorkersContribution() {
    ShardLayout layout = SETTINGS.shardLayout();
    long model = 2L * Float.BYTES * PARAMETERS;
    for (int s = 0; s < 3; s++) {
      AveragerShard shard = new AveragerShard(RUN, SETTINGS, s);
      shard.start(new DiscardingShardOutput());
      for (ShardContribution part : layout.split(contribution(0, 0, 10, 0.1f, 0.2f))) {
        if (part.shard() == s) {
          shard.onContribution(part, new DiscardingShardOutput());
        }
      }
      for (ShardContribution part : layout.split(contribution(1, 0, 10, 0.3f, 0.4f))) {
        if (part.shard() == s) {
          shard.onContribution(part, new DiscardingShardOutput());
        }
      }
      assertThat(shard.version()).isEqualTo(1);
      assertThat(shard.contributionBytes()).as("shard %d", s)
          .isEqualTo(2L * 2 * Float.BYTES * (layout.to(s) - layout.from(s)))
          .isLessThanOrEqualTo(2 * model / 3 + 2 * 2 * Float.BYTES);
    }
  }

  /**
   * A shard sends the coordinator its slice only with the rounds that need the whole model: those
   * in which an epoch ends, and the last. Catches a boundary test off by one (the slice a round
   * late or early: the coordinator would evaluate a stale model or fail for want of one) and a
   * shard that sends its slice every round (the hot spot sharding removes).
   */
  @Test
  void aShardSendsItsSliceOnlyWithTheRoundsThatEndAnEpochAndTheLast() {
    JobSettings epochOf40 = new JobSettings(SETTINGS.training(), 2, 1, AveragingMode.SYNC, 40).withAveragers(2);
    AveragerShard shard = new AveragerShard(RUN, epochOf40, 1);
    List<RoundReport> reports = new ArrayList<>();
    AveragerShard.Output out = new DiscardingShardOutput() {
      @Override
      public void report(RoundReport report) {
        reports.add(report);
      }
    };
    shard.start(out);
    ShardLayout layout = epochOf40.shardLayout();
    for (long round = 0; round < 5; round++) {
      shard.onContribution(layout.split(contribution(0, round, 10, 0.1f, 0.2f)).get(1), out);
      shard.onContribution(layout.split(contribution(1, round, 10, 0.3f, 0.4f)).get(1), out);
    }
    shard.onContribution(layout.split(new Contribution(0, 0, 5, 0, 0, 0, 0, true, filled(0.1f), filled(0.2f))).get(1), out);
    shard.onContribution(layout.split(new Contribution(1, 0, 5, 0, 0, 0, 0, true, filled(0.1f), filled(0.2f))).get(1), out);

    // Rounds of 20 examples in epochs of 40: epochs end in rounds 2 and 4; round 6 ends the input.
    assertThat(reports).extracting(RoundReport::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(reports).extracting(RoundReport::hasModel).containsExactly(false, true, false, true, false, true);
    assertThat(reports.get(1).parameters()).hasSize(layout.to(1) - layout.from(1));
    assertThat(reports).extracting(RoundReport::inputExhausted).containsExactly(false, false, false, false, false, true);
  }

  /**
   * A restored shard still knows which workers had finished, so it does not wait for their
   * reports (catches a restore that forgets them: the round would never close).
   */
  @Test
  void aRestoredShardDoesNotWaitForWorkersThatHadFinished() {
    ShardLayout layout = SETTINGS.shardLayout();
    DiscardingShardOutput out = new DiscardingShardOutput();
    List<AveragerShardState> snapshots = new ArrayList<>();
    for (int s = 0; s < 3; s++) {
      AveragerShard shard = new AveragerShard(RUN, SETTINGS, s);
      shard.start(out);
      shard.onContribution(
          layout.split(new Contribution(0, 0, 0, 0, 0, 0, 0, true, filled(0.1f), filled(0.2f))).get(s), out);
      shard.onContribution(layout.split(contribution(1, 0, 10, 0.3f, 0.4f)).get(s), out);
      snapshots.add(shard.snapshot());
    }
    AveragerShard restored = new AveragerShard(RUN, SETTINGS, 0);
    restored.restore(snapshots);
    assertThat(restored.version()).isEqualTo(1);

    restored.onContribution(layout.split(contribution(1, 1, 10, 0.3f, 0.4f)).get(0), out);
    assertThat(restored.version()).as("worker 0 had finished: worker 1 alone closes the round").isEqualTo(2);
  }

  private static class DiscardingShardOutput implements AveragerShard.Output {
    @Override
    public void publish(ModelSlice slice) {}

    @Override
    public void report(RoundReport report) {}

    @Override
    public void deadLetter(DeadLetter letter) {}
  }

  @Test
  void oneContributionThatIsNotFiniteIsRejectedAndRollsItsRoundBack() {
    ProtocolBus bus = started();
    ModelUpdate initial = bus.lastPublished();
    Contribution finite = contribution(0, 0, 10, 0.1f, 0.05f);
    bus.averager.onContribution(finite, bus);
    bus.averager.onContribution(contribution(1, 0, 30, Float.NaN, 0), bus);

    assertThat(bus.deadLetters).hasSize(1);
    DeadLetter letter = bus.deadLetters.get(0);
    assertThat(letter.reason()).isEqualTo(NOT_FINITE);
    assertThat(letter.origin()).containsExactly(
        entry("worker", "1"), entry("generation", "0"), entry("base-version", "0"), entry("examples", "30"));
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("worker-1");
    assertThat(bus.averager.rejectedContributions()).isEqualTo(1);
    assertThat(bus.averager.rollbacks()).isEqualTo(1);
    ModelUpdate rolledBack = bus.lastPublished();
    assertThat(rolledBack.version()).isEqualTo(1);
    assertThat(rolledBack.examples()).as("nothing of the round is averaged").isZero();
    assertThat(rolledBack.eta()).isEqualTo(0.25);
    assertThat(rolledBack.parameters()).containsExactly(initial.parameters());
    assertThat(rolledBack.velocity()).containsExactly(initial.velocity());
  }

  @Test
  void anInfiniteVelocityIsRejectedToo() {
    ProtocolBus bus = started();
    bus.averager.onContribution(contribution(0, 0, 10, 0.1f, Float.POSITIVE_INFINITY), bus);
    assertThat(bus.deadLetters).extracting(DeadLetter::reason).containsExactly(NOT_FINITE);
    bus.averager.onContribution(contribution(1, 0, 10, 0.1f, 0.05f), bus);
    assertThat(bus.averager.rejectedContributions()).as("counted when its round closes").isEqualTo(1);
    assertThat(bus.averager.rollbacks()).isEqualTo(1);
  }

  /**
   * Rounds in which nothing finite arrives roll back: the global model stays, the version moves
   * on and η halves; the third rollback in the epoch stops the run as diverged, keeping the model.
   */
  /**
   * Workers that finish while their epoch's rounds were rolled back end the run as diverged, and
   * it ends: no worker is left to report to the version a rollback publishes. Catches a rollback
   * that publishes without looking at the input, and an ending without the divergence.
   */
  @Test
  void inputEndingAfterARollbackEndsTheRunAsDiverged() {
    ProtocolBus bus = started();
    bus.averager.onContribution(contribution(0, 0, 10, Float.NaN, 0), bus);
    bus.averager.onContribution(contribution(1, 0, 30, 0.1f, 0.1f), bus);
    bus.averager.onContribution(finished(0, 1), bus);
    bus.averager.onContribution(finished(1, 1), bus);

    assertThat(bus.averager.rollbacks()).isEqualTo(1);
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(bus.lastPublished().stop()).isTrue();
    assertThat(bus.metrics).singleElement().asString()
        .contains("\"divergence\":\"training diverged in epoch 1 (η = 0.25)");
  }

  private static Contribution finished(int worker, long baseVersion) {
    return new Contribution(worker, 0, baseVersion, 0, 0, 0, 0, true, filled(0.2f), filled(0));
  }

  @Test
  void roundsWithNothingFiniteRollBackAndTheThirdStopsTheRunAsDiverged() throws Exception {
    ProtocolBus bus = started();
    float[] initial = bus.lastPublished().parameters();
    for (long version = 0; version < 3; version++) {
      bus.averager.onContribution(contribution(0, version, 10, Float.NaN, 0), bus);
      bus.averager.onContribution(contribution(1, version, 30, 0.1f, Float.NaN), bus);
    }

    assertThat(bus.published).extracting(ModelUpdate::version).containsExactly(0L, 1L, 2L, 3L);
    assertThat(bus.published).extracting(ModelUpdate::eta).containsExactly(0.5, 0.25, 0.125, 0.125);
    assertThat(bus.published).extracting(ModelUpdate::stop).containsExactly(false, false, false, true);
    assertThat(bus.published).allSatisfy(update -> assertThat(update.parameters()).containsExactly(initial));
    assertThat(bus.averager.rollbacks()).isEqualTo(3);
    assertThat(bus.averager.rejectedContributions()).isEqualTo(6);
    assertThat(bus.deadLetters).hasSize(6);
    assertThat(bus.averager.isFinished()).isTrue();
    assertThat(bus.metrics).hasSize(1);
    assertThat(bus.metrics.get(0))
        .contains("\"final\":true")
        .contains("\"divergence\":\"training diverged in epoch 1 (η = 0.125)");
    Network best = ModelFile.read(bus.files.get(Coordinator.BEST_MODEL), "best");
    assertThat(best.isFinite()).isTrue();
    assertThat(best.toFlat()).containsExactly(initial);
  }

  /** The first version is the network the seed makes, as train-local starts from. */
  @Test
  void theInitialModelIsTheSeededNetwork() {
    ProtocolBus bus = started();
    assertThat(bus.published).hasSize(1);
    assertThat(bus.lastPublished().parameters()).containsExactly(
        Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(9)).toFlat());
  }

  /** The epoch line's training cost and accuracy are the sums the rounds reported over the epoch's examples. */
  @Test
  void theEpochLineReportsTheTrainingCostAndAccuracyTheRoundsReported() {
    JobSettings unregularized = new JobSettings(
        new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT,
            new Hyperparameters(0.5, 0, Regularization.L2, 0, 0, 40), 5, 10, 0, false, 9),
        2, 1, AveragingMode.SYNC, 40);
    ProtocolBus bus = new ProtocolBus(new Averaging(RUN, unregularized), 0, RUN, unregularized);
    bus.loadReference();
    bus.averager.onContribution(contribution(0, 0, 10, 0.1f, 0), bus);
    bus.averager.onContribution(contribution(1, 0, 30, 0.3f, 0), bus);

    assertThat(bus.metrics).hasSize(1);
    assertThat(bus.metrics.get(0))
        .contains("\"epoch\":1,")
        .contains("\"training_cost\":" + 2 * 1.5 / 40 + ",")
        .contains("\"training_accuracy\":" + 2 * 3 / 40.0 + ",")
        .contains("\"examples\":40,");
  }
}
