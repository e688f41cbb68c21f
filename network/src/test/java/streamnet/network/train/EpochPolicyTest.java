package streamnet.network.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.WeightInitializer;

/**
 * The epoch boundary driven by scripted validation curves: each test names the mistake in
 * {@link EpochPolicy} it catches.
 */
class EpochPolicyTest {
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 2, 2);
  private static final double ETA = 0.8;
  private static final int EXAMPLES = 100;

  /** A validator that answers with the next scripted accuracy (in hundredths) and cost. */
  private static final class Curve implements EpochPolicy.Validator {
    private final int[] hundredths;
    private final double[] costs;
    final List<Network> seen = new ArrayList<>();

    Curve(int... hundredths) {
      this(hundredths, new double[hundredths.length]);
    }

    Curve(int[] hundredths, double[] costs) {
      this.hundredths = hundredths;
      this.costs = costs;
    }

    @Override
    public Evaluation evaluate(Network network) {
      int next = seen.size();
      seen.add(network);
      return new Evaluation(hundredths[next], 100, costs[next]);
    }
  }

  private static TrainingSettings settings(int epochs, int patience, boolean schedule) {
    return new TrainingSettings(
        ARCHITECTURE,
        WeightInitializer.DEFAULT,
        Hyperparameters.sgd(ETA, 0, EXAMPLES),
        10,
        epochs,
        patience,
        schedule,
        1);
  }

  /** A model whose every parameter is {@code value}: each epoch's model is told apart by it. */
  private static Network model(float value) {
    float[] flat = new float[Network.zeros(ARCHITECTURE).parameterCount()];
    java.util.Arrays.fill(flat, value);
    return Network.fromFlat(ARCHITECTURE, flat);
  }

  private static EpochMetrics endEpoch(EpochPolicy policy) {
    return policy.endEpoch(model(policy.epoch() + 1), 0.5, 0.9, EXAMPLES, 1.0);
  }

  private static void endEpochs(EpochPolicy policy, int count) {
    for (int i = 0; i < count; i++) {
      endEpoch(policy);
    }
  }

  // Catches: improvedAtLastEpoch true before any epoch (epoch > 0 dropped), a best or best epoch
  // invented at the start, the start η not the settings' η.
  @Test
  void beforeTheFirstEpochThereIsNoBestAndNothingHasStopped() {
    EpochPolicy policy = new EpochPolicy(settings(5, 0, false), new Curve());
    assertThat(policy.epoch()).isZero();
    assertThat(policy.best()).isNull();
    assertThat(policy.bestEpoch()).isZero();
    assertThat(policy.improvedAtLastEpoch()).isFalse();
    assertThat(policy.stopped()).isFalse();
    assertThat(policy.divergence()).isNull();
    assertThat(policy.eta()).isEqualTo(ETA);
    assertThat(policy.rule()).isEqualTo(settings(5, 0, false).earlyStopping());
  }

  // Catches: metrics fields swapped or dropped, validation not run on the model passed in, or run
  // more than once per epoch.
  @Test
  void metricsCarryTheTrainingFiguresAndOneValidationOfTheModel() {
    Curve curve = new Curve(new int[] {37}, new double[] {1.25});
    EpochPolicy policy = new EpochPolicy(settings(5, 0, false), curve);
    Network trained = model(3);
    EpochMetrics metrics = policy.endEpoch(trained, 0.75, 0.5, 4321, 2.5);
    assertThat(metrics).isEqualTo(new EpochMetrics(1, ETA, 0.75, 0.5, 1.25, 0.37, 4321, 2.5));
    assertThat(curve.seen).containsExactly(trained);
  }

  // Catches: best copied on every epoch or never, ties counted as improvement, improvedAtLastEpoch
  // not following the rule.
  @Test
  void bestIsTheModelOfTheEpochWithTheBestValidationAccuracy() {
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), new Curve(50, 70, 60, 70, 80));
    boolean[] improved = {true, true, false, false, true};
    int[] bestEpochs = {1, 2, 2, 2, 5};
    for (int e = 0; e < improved.length; e++) {
      endEpoch(policy);
      assertThat(policy.improvedAtLastEpoch()).as("epoch %d improved", e + 1).isEqualTo(improved[e]);
      assertThat(policy.bestEpoch()).as("best epoch after %d", e + 1).isEqualTo(bestEpochs[e]);
      assertThat(policy.best()).as("best after %d", e + 1).isEqualTo(model(bestEpochs[e]).toFlat());
    }
  }

  // Catches: best() handing out the policy's own array, best aliasing the model it was taken from.
  @Test
  void bestIsACopyOfTheParameters() {
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), new Curve(50));
    Network trained = model(1);
    policy.endEpoch(trained, 0.5, 0.9, EXAMPLES, 1.0);
    trained.biases(0)[0] = 42;
    policy.best()[0] = 42;
    assertThat(policy.best()).isEqualTo(model(1).toFlat());
  }

  // Catches: the epoch limit one early (> 1 before it) or one late (> instead of ≥), and another
  // epoch accepted after the stop.
  @Test
  void stopsExactlyAtTheEpochLimit() {
    EpochPolicy policy = new EpochPolicy(settings(3, 0, false), new Curve(10, 20, 30, 40));
    endEpochs(policy, 2);
    assertThat(policy.stopped()).isFalse();
    endEpoch(policy);
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.rule().stopped()).isTrue();
    assertThat(policy.divergence()).isNull();
    assertThat(policy.bestEpoch()).isEqualTo(3);
    assertThatThrownBy(() -> endEpoch(policy))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the run has stopped after epoch 3");
  }

  // Catches: the no-improvement-in-n rule not consulted (the run would go on to the epoch limit).
  @Test
  void stopsAfterPatienceEpochsWithoutImprovement() {
    EpochPolicy policy = new EpochPolicy(settings(10, 2, false), new Curve(90, 80, 80));
    endEpochs(policy, 2);
    assertThat(policy.stopped()).isFalse();
    endEpoch(policy);
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.epoch()).isEqualTo(3);
    assertThat(policy.bestEpoch()).isEqualTo(1);
  }

  // Catches: the metrics' η taken after the schedule changed it, eta() not the rule's η, the
  // schedule's end at η0/128 not stopping the run.
  @Test
  void scheduleHalvesEtaAfterEachStretchAndStopsAtOneOver128() {
    EpochPolicy policy = new EpochPolicy(settings(20, 1, true), new Curve(90, 90, 90, 90, 90, 90, 90, 90));
    assertThat(endEpoch(policy).eta()).isEqualTo(ETA);
    double eta = ETA;
    for (int epoch = 2; epoch <= 8; epoch++) {
      assertThat(policy.stopped()).as("stopped before epoch %d", epoch).isFalse();
      EpochMetrics metrics = endEpoch(policy);
      assertThat(metrics.eta()).as("η trained with in epoch %d", epoch).isEqualTo(eta);
      eta /= 2;
      assertThat(policy.eta()).as("η after epoch %d", epoch).isEqualTo(eta);
    }
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.eta()).isEqualTo(ETA / 128);
    assertThat(policy.rule().halvings()).isEqualTo(EarlyStopping.MAX_HALVINGS);
  }

  private static TrainingSettings live(int epochs, int patience, boolean schedule) {
    return settings(epochs, patience, schedule).asLive();
  }

  /** A curve of {@code epochs} epochs at {@code hundredths} each: flat, so nothing improves after the first. */
  private static Curve flat(int epochs, int hundredths) {
    int[] curve = new int[epochs];
    java.util.Arrays.fill(curve, hundredths);
    return new Curve(curve);
  }

  // Catches: a live run stopped at the epoch limit (the live branch dropped, or the limit tested
  // first).
  @Test
  void aLiveRunGoesOnPastTheEpochLimit() {
    EpochPolicy policy = new EpochPolicy(live(3, 0, false), new Curve(10, 20, 30, 40, 50));
    endEpochs(policy, 5);
    assertThat(policy.stopped()).isFalse();
    assertThat(policy.epoch()).isEqualTo(5);
    assertThat(policy.bestEpoch()).isEqualTo(5);
  }

  // Catches: early stopping ending a live run, or a live run no longer tracking the best and the
  // windows without one once the rule asked it to stop.
  @Test
  void earlyStoppingDoesNotEndALiveRunAndTheBestIsStillTracked() {
    EpochPolicy policy = new EpochPolicy(live(30, 2, false), new Curve(90, 80, 80, 80, 95, 70));
    endEpochs(policy, 4);
    assertThat(policy.stopped()).isFalse();
    assertThat(policy.rule().epochsWithoutImprovement()).isEqualTo(3);
    endEpoch(policy);
    assertThat(policy.improvedAtLastEpoch()).isTrue();
    assertThat(policy.best()).isEqualTo(model(5).toFlat());
    endEpoch(policy);
    assertThat(policy.stopped()).isFalse();
    assertThat(policy.bestEpoch()).isEqualTo(5);
  }

  // Catches: the schedule's end at η0/128 stopping a live run, or η halved below η0/128 in the
  // stretches after it (halvings not capped).
  @Test
  void aLiveRunTrainsOnAtOneOver128AfterTheSchedulesEnd() {
    EpochPolicy policy = new EpochPolicy(live(30, 1, true), flat(12, 90));
    endEpochs(policy, 8);
    assertThat(policy.eta()).isEqualTo(ETA / 128);
    endEpochs(policy, 4);
    assertThat(policy.stopped()).isFalse();
    assertThat(policy.eta()).isEqualTo(ETA / 128);
    assertThat(policy.rule().halvings()).isEqualTo(EarlyStopping.MAX_HALVINGS);
  }

  // Catches: divergence no longer stopping a live run.
  @Test
  void divergenceStillEndsALiveRun() {
    EpochPolicy policy = new EpochPolicy(live(3, 0, false), new Curve(50, 60));
    endEpoch(policy);
    policy.endEpoch(model(Float.NaN), 0.5, 0.9, EXAMPLES, 1.0);
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.divergence()).startsWith("training diverged in epoch 2");
  }

  // Catches: NaN parameters not checked; a diverged epoch observed by the rule or kept as best
  // (its scripted accuracy is the highest); the message's epoch or η wrong.
  @Test
  void nanParametersStopTheRunAsDivergedAndKeepThePreviousBest() {
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), new Curve(50, 60, 99));
    endEpochs(policy, 2);
    EarlyStopping before = policy.rule();
    EpochMetrics metrics = policy.endEpoch(model(Float.NaN), 0.5, 0.9, EXAMPLES, 1.0);
    assertDivergedKeepingEpochTwo(policy, before);
    assertThat(metrics.epoch()).isEqualTo(3);
    assertThat(metrics.validationAccuracy()).isEqualTo(0.99);
  }

  // Catches: the training cost not checked for infinity.
  @Test
  void infiniteTrainingCostStopsTheRunAsDiverged() {
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), new Curve(50, 60, 99));
    endEpochs(policy, 2);
    EarlyStopping before = policy.rule();
    policy.endEpoch(model(3), Double.POSITIVE_INFINITY, 0.9, EXAMPLES, 1.0);
    assertDivergedKeepingEpochTwo(policy, before);
  }

  // Catches: the validation cost not checked.
  @Test
  void nanValidationCostStopsTheRunAsDiverged() {
    Curve curve = new Curve(new int[] {50, 60, 99}, new double[] {1, 1, Double.NaN});
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), curve);
    endEpochs(policy, 2);
    EarlyStopping before = policy.rule();
    endEpoch(policy);
    assertDivergedKeepingEpochTwo(policy, before);
  }

  // Catches: divergence in the last epoch reported as a plain stop at the epoch limit.
  @Test
  void divergenceInTheLastEpochIsStillDivergence() {
    EpochPolicy policy = new EpochPolicy(settings(3, 0, false), new Curve(50, 60, 99));
    endEpochs(policy, 2);
    EarlyStopping before = policy.rule();
    policy.endEpoch(model(3), Double.NaN, 0.9, EXAMPLES, 1.0);
    assertDivergedKeepingEpochTwo(policy, before);
  }

  private static void assertDivergedKeepingEpochTwo(EpochPolicy policy, EarlyStopping before) {
    assertThat(policy.divergence())
        .isEqualTo("training diverged in epoch 3 (η = 0.8): parameters or training cost are no"
            + " longer finite; try a smaller --eta");
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.rule()).isEqualTo(before);
    assertThat(policy.improvedAtLastEpoch()).isFalse();
    assertThat(policy.bestEpoch()).isEqualTo(2);
    assertThat(policy.best()).isEqualTo(model(2).toFlat());
    assertThatThrownBy(() -> endEpoch(policy)).isInstanceOf(IllegalStateException.class);
  }

  // Catches: a wrong message text (train-local prints it verbatim).
  @Test
  void divergenceMessageNamesEpochAndEta() {
    assertThat(EpochPolicy.divergenceMessage(7, 0.125))
        .isEqualTo("training diverged in epoch 7 (η = 0.125): parameters or training cost are no"
            + " longer finite; try a smaller --eta");
  }

  // Catches: diverge() naming the last ended epoch instead of the one in progress, or an η other
  // than the current one (after a rollback's halving); diverge() after the stop accepted.
  @Test
  void divergeStopsInTheEpochInProgressWithTheCurrentEta() {
    EpochPolicy policy = new EpochPolicy(settings(10, 0, false), new Curve(50, 60));
    endEpochs(policy, 2);
    policy.halveEta();
    policy.diverge();
    assertThat(policy.divergence()).isEqualTo(EpochPolicy.divergenceMessage(3, ETA / 2));
    assertThat(policy.stopped()).isTrue();
    assertThat(policy.epoch()).isEqualTo(2);
    assertThat(policy.best()).isEqualTo(model(2).toFlat());
    assertThatThrownBy(policy::diverge).isInstanceOf(IllegalStateException.class);
  }

  // Catches: halveEta dividing by anything but 2, counting as a schedule halving, or touching the
  // rest of the rule; the next epoch's metrics not showing the halved η.
  @Test
  void halveEtaHalvesOnlyEta() {
    EpochPolicy policy = new EpochPolicy(settings(10, 2, true), new Curve(50, 40, 40));
    endEpochs(policy, 2);
    EarlyStopping before = policy.rule();
    policy.halveEta();
    assertThat(policy.rule()).isEqualTo(before.withEta(ETA / 2));
    assertThat(policy.rule().halvings()).isZero();
    assertThat(policy.rule().epochsWithoutImprovement()).isEqualTo(1);
    assertThat(policy.eta()).isEqualTo(ETA / 2);
    assertThat(endEpoch(policy).eta()).isEqualTo(ETA / 2);
    assertThat(policy.eta()).isEqualTo(ETA / 4);
    assertThat(policy.rule().halvings()).isEqualTo(1);
  }

  // Catches: restore dropping or mixing up any part of the state (epoch, rule, best, divergence):
  // the restored policy must take the same decisions on the same following curve.
  @Test
  void aRestoredPolicyContinuesIdentically() {
    int[] curve = {50, 60, 55, 55, 70, 65, 65, 65, 65, 65, 65, 65, 65, 65};
    EpochPolicy original = new EpochPolicy(settings(12, 2, true), new Curve(curve));
    endEpochs(original, 4);
    EpochPolicy.State state = original.state();
    EpochPolicy restored = EpochPolicy.restore(settings(12, 2, true), new Curve(tail(curve, 4)), state);
    assertThat(restored.state()).isEqualTo(state);
    while (!original.stopped()) {
      assertThat(restored.stopped()).isFalse();
      assertThat(endEpoch(restored)).isEqualTo(endEpoch(original));
      assertThat(restored.state()).isEqualTo(original.state());
      assertThat(restored.improvedAtLastEpoch()).isEqualTo(original.improvedAtLastEpoch());
    }
    assertThat(restored.stopped()).isTrue();
    assertThat(restored.epoch()).isEqualTo(12);
    assertThat(restored.bestEpoch()).isEqualTo(5);
    assertThat(restored.best()).isEqualTo(model(5).toFlat());
    assertThat(restored.eta()).isEqualTo(ETA / 16);
  }

  // Catches: a restored diverged run not stopped, or its message lost.
  @Test
  void aRestoredDivergedPolicyStaysStopped() {
    EpochPolicy original = new EpochPolicy(settings(10, 0, false), new Curve(50));
    endEpoch(original);
    original.diverge();
    EpochPolicy restored = EpochPolicy.restore(settings(10, 0, false), new Curve(), original.state());
    assertThat(restored.stopped()).isTrue();
    assertThat(restored.divergence()).isEqualTo(EpochPolicy.divergenceMessage(2, ETA));
    assertThat(restored.best()).isEqualTo(model(1).toFlat());
  }

  // Catches: State sharing the arrays it was built from or hands out, equality on the array's
  // identity, an equals or hashCode that ignores a component.
  @Test
  void stateIsAValue() {
    EarlyStopping rule = settings(10, 0, false).earlyStopping();
    float[] best = {1, 2};
    EpochPolicy.State state = new EpochPolicy.State(2, rule, best, null);
    best[0] = 42;
    state.best()[1] = 42;
    EpochPolicy.State same = new EpochPolicy.State(2, rule, new float[] {1, 2}, null);
    assertThat(state.best()).containsExactly(1, 2);
    assertThat(state).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(state).isNotEqualTo(new EpochPolicy.State(3, rule, new float[] {1, 2}, null));
    assertThat(state).isNotEqualTo(new EpochPolicy.State(2, rule.stopNow(), new float[] {1, 2}, null));
    assertThat(state).isNotEqualTo(new EpochPolicy.State(2, rule, new float[] {1, 3}, null));
    assertThat(state).isNotEqualTo(new EpochPolicy.State(2, rule, new float[] {1, 2}, "diverged"));
    assertThat(state).isNotEqualTo("a string");
    assertThat(state.hashCode())
        .isNotEqualTo(new EpochPolicy.State(2, rule, new float[] {1, 3}, null).hashCode())
        .isNotEqualTo(new EpochPolicy.State(3, rule, new float[] {1, 2}, null).hashCode());
    assertThat(new EpochPolicy.State(0, rule, null, null).best()).isNull();
  }

  private static int[] tail(int[] values, int from) {
    return java.util.Arrays.copyOfRange(values, from, values.length);
  }

  // Catches: a restart that keeps the halved η, keeps the epochs without improvement (so early
  // stopping ends the run while it re-learns), keeps the halvings, or forgets the best model.
  @Test
  void aDriftRestartsTheScheduleAndThePatienceButKeepsTheBest() {
    EpochPolicy policy = new EpochPolicy(settings(20, 2, true), new Curve(50, 40, 40, 40, 40, 40, 40));
    endEpochs(policy, 4);
    assertThat(policy.eta()).isEqualTo(ETA / 2);
    assertThat(policy.rule().epochsWithoutImprovement()).isEqualTo(1);

    policy.restartSchedule();

    assertThat(policy.eta()).isEqualTo(ETA);
    assertThat(policy.rule().epochsWithoutImprovement()).isZero();
    assertThat(policy.rule().halvings()).isZero();
    assertThat(policy.bestEpoch()).isEqualTo(1);
    assertThat(policy.rule().best()).isEqualTo(0.5);
    endEpoch(policy);
    assertThat(policy.eta()).isEqualTo(ETA);
    endEpoch(policy);
    assertThat(policy.eta()).isEqualTo(ETA / 2);
  }

  // Catches: a restart that lifts a stop (a run the epoch limit ended would go on).
  @Test
  void aRestartDoesNotResumeAStoppedRun() {
    EpochPolicy policy = new EpochPolicy(settings(1, 0, false), new Curve(50));
    endEpoch(policy);
    policy.restartSchedule();
    assertThat(policy.stopped()).isTrue();
  }
}
