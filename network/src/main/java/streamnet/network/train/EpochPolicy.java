package streamnet.network.train;

import java.util.Arrays;
import java.util.Objects;
import streamnet.network.Evaluation;
import streamnet.network.Network;

/**
 * What happens at each epoch boundary, shared by {@code train-local} and the stream job's averager:
 * validation, divergence, early stopping and the η schedule on validation accuracy, the epoch limit,
 * and the best model's parameters. In a live run ({@link TrainingSettings#live()}) epochs are
 * windows of the stream and only divergence stops it. Not thread-safe; {@link #state()} is its whole state as a value.
 */
public final class EpochPolicy {

  /** Scores a model on the validation set; injectable so tests can script a curve. */
  public interface Validator {
    Evaluation evaluate(Network network);
  }

  /**
   * A snapshot-able value of the policy's whole state (for Flink checkpoints): epochs ended so far,
   * the early-stopping rule, the best parameters (null before an epoch improved) and the divergence
   * message (null unless the run diverged). Holds its own copy of {@code best}; equal when every
   * component is, {@code best} compared element by element.
   */
  public record State(int epoch, EarlyStopping rule, float[] best, String divergence) {

    public State {
      best = copyOf(best);
    }

    /** A copy of the best parameters, or null. */
    @Override
    public float[] best() {
      return copyOf(best);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof State other
          && epoch == other.epoch
          && rule.equals(other.rule)
          && Arrays.equals(best, other.best)
          && Objects.equals(divergence, other.divergence);
    }

    @Override
    public int hashCode() {
      return Objects.hash(epoch, rule, Arrays.hashCode(best), divergence);
    }
  }

  private final TrainingSettings settings;
  private final Validator validator;
  private int epoch;
  private EarlyStopping rule;
  private float[] best;
  private String divergence;

  /** The policy before the first epoch: η and patience from {@code settings}. */
  public EpochPolicy(TrainingSettings settings, Validator validator) {
    this(settings, validator, new State(0, settings.earlyStopping(), null, null));
  }

  private EpochPolicy(TrainingSettings settings, Validator validator, State state) {
    this.settings = settings;
    this.validator = validator;
    this.epoch = state.epoch();
    this.rule = state.rule();
    this.best = state.best();
    this.divergence = state.divergence();
  }

  /** The policy continuing from {@code state}, as {@link #state()} took it. */
  public static EpochPolicy restore(TrainingSettings settings, Validator validator, State state) {
    return new EpochPolicy(settings, validator, state);
  }

  public State state() {
    return new State(epoch, rule, best, divergence);
  }

  /**
   * Ends the next epoch: validates {@code model} once; if the model, the training cost or the
   * validation cost is not finite the run stops as diverged (the previous best stays best);
   * otherwise early stopping and the schedule observe the validation accuracy, an improved
   * epoch's parameters become the best, and the run stops at the epoch limit. The metrics carry
   * the η this epoch trained with.
   */
  public EpochMetrics endEpoch(
      Network model, double trainingCost, double trainingAccuracy, long examples, double elapsedSeconds) {
    requireRunning();
    epoch++;
    Evaluation onValidation = validator.evaluate(model);
    EpochMetrics metrics = new EpochMetrics(
        epoch,
        rule.eta(),
        trainingCost,
        trainingAccuracy,
        onValidation.cost(),
        onValidation.accuracy(),
        examples,
        elapsedSeconds);
    if (isDiverged(model, metrics)) {
      divergence = divergenceMessage(epoch, metrics.eta());
    } else {
      observe(model, metrics.validationAccuracy());
    }
    return metrics;
  }

  private static boolean isDiverged(Network model, EpochMetrics metrics) {
    return !model.isFinite()
        || !Double.isFinite(metrics.trainingCost())
        || !Double.isFinite(metrics.validationCost());
  }

  /**
   * Early stopping and the schedule observe the epoch and its model becomes the best if it
   * improved; a bounded run stops at the epoch limit, a live run goes on whatever the rule says.
   */
  private void observe(Network model, double validationAccuracy) {
    rule = rule.observe(epoch, validationAccuracy);
    if (rule.improvedAt(epoch)) {
      best = model.toFlat();
    }
    if (settings.live()) {
      rule = rule.goingOn();
    } else if (epoch >= settings.epochs()) {
      rule = rule.stopNow();
    }
  }

  /** Epochs ended so far. */
  public int epoch() {
    return epoch;
  }

  /** η for the next epoch, after the schedule's halvings and rollbacks' {@link #halveEta()}. */
  public double eta() {
    return rule.eta();
  }

  /**
   * Whether the run is over: early stopping, the schedule's end, the epoch limit or divergence; a
   * live run only by divergence.
   */
  public boolean stopped() {
    return divergence != null || rule.stopped();
  }

  /** Whether the last ended epoch set a new best validation accuracy. */
  public boolean improvedAtLastEpoch() {
    return epoch > 0 && rule.improvedAt(epoch);
  }

  /** Why the run diverged, or null while it has not. */
  public String divergence() {
    return divergence;
  }

  /**
   * Stops the run as diverged in the epoch in progress, {@link #epoch()} + 1, at the current η (the
   * job calls this after three rollbacks in one epoch).
   */
  public void diverge() {
    requireRunning();
    divergence = divergenceMessage(epoch + 1, rule.eta());
  }

  /** Halves η (a rollback after a non-finite global model); not one of the schedule's halvings. */
  public void halveEta() {
    rule = rule.withEta(rule.eta() / 2);
  }

  /**
   * The stream drifted: η returns to its initial value and early stopping's patience starts again,
   * so the network re-learns instead of stopping while it adapts. Rollbacks' halvings are undone too.
   */
  public void restartSchedule() {
    rule = rule.restartSchedule();
  }

  /** A copy of the parameters of the best epoch so far, or null before an epoch improved. */
  public float[] best() {
    return copyOf(best);
  }

  /** The epoch whose parameters {@link #best()} holds, 0 before one. */
  public int bestEpoch() {
    return rule.bestEpoch();
  }

  public EarlyStopping rule() {
    return rule;
  }

  /** The message of a run that diverged in {@code epoch} while training with {@code eta}. */
  public static String divergenceMessage(int epoch, double eta) {
    return "training diverged in epoch " + epoch + " (η = " + eta
        + "): parameters or training cost are no longer finite; try a smaller --eta";
  }

  private void requireRunning() {
    if (stopped()) {
      throw new IllegalStateException("the run has stopped after epoch " + epoch);
    }
  }

  private static float[] copyOf(float[] values) {
    return values == null ? null : values.clone();
  }
}
