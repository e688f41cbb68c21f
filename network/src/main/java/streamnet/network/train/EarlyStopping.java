package streamnet.network.train;

/**
 * Chapter 3's no-improvement-in-n rule, immutable so it checkpoints as a value. Two policies: stop
 * after n epochs without a new best, or (schedule) halve η after each such stretch and stop once η
 * has fallen to η0/128. Which direction counts as better is explicit: accuracy rises, cost falls.
 * A live run observes on past a stop ({@link #goingOn()}): the schedule never halves η below
 * η0/128, and each further stretch without a new best only asks to stop again.
 */
public record EarlyStopping(
    Direction direction,
    int patience,
    boolean halveEta,
    double initialEta,
    double best,
    int bestEpoch,
    int epochsWithoutImprovement,
    double eta,
    int halvings,
    boolean stopped) {

  /** The schedule stops after this many halvings: η0 / 2^7 = η0/128. */
  public static final int MAX_HALVINGS = 7;

  /** Which way a monitored value improves. */
  public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER;

    /** Whether {@code candidate} beats {@code best}; ties are no improvement. */
    public boolean isBetter(double candidate, double best) {
      return this == HIGHER_IS_BETTER ? candidate > best : candidate < best;
    }

    double worst() {
      return this == HIGHER_IS_BETTER ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
  }

  /**
   * The rule before the first epoch. {@code patience} 0 disables it (training runs all epochs);
   * {@code halveEta} selects the learning-rate schedule instead of stopping at once.
   */
  public static EarlyStopping start(Direction direction, int patience, boolean halveEta, double eta) {
    if (patience < 0) {
      throw new IllegalArgumentException("patience must be 0 (off) or positive, got " + patience);
    }
    return new EarlyStopping(direction, patience, halveEta, eta, direction.worst(), 0, 0, eta, 0, false);
  }

  /** The rule after epoch {@code epoch} scored {@code value}. */
  public EarlyStopping observe(int epoch, double value) {
    if (direction.isBetter(value, best)) {
      return new EarlyStopping(
          direction, patience, halveEta, initialEta, value, epoch, 0, eta, halvings, false);
    }
    int without = epochsWithoutImprovement + 1;
    if (patience == 0 || without < patience) {
      return new EarlyStopping(
          direction, patience, halveEta, initialEta, best, bestEpoch, without, eta, halvings, false);
    }
    if (!halveEta || halvings >= MAX_HALVINGS) {
      return new EarlyStopping(
          direction, patience, halveEta, initialEta, best, bestEpoch, without, eta, halvings, true);
    }
    int newHalvings = halvings + 1;
    return new EarlyStopping(
        direction,
        patience,
        halveEta,
        initialEta,
        best,
        bestEpoch,
        0,
        eta / 2,
        newHalvings,
        newHalvings >= MAX_HALVINGS);
  }

  /** The same state, stopped (the epoch limit was reached). */
  public EarlyStopping stopNow() {
    return new EarlyStopping(
        direction, patience, halveEta, initialEta, best, bestEpoch, epochsWithoutImprovement, eta,
        halvings, true);
  }

  /**
   * The same state, not stopped: a live run goes on training after the rule asked it to stop,
   * still tracking the best and counting the epochs without one.
   */
  public EarlyStopping goingOn() {
    return new EarlyStopping(
        direction, patience, halveEta, initialEta, best, bestEpoch, epochsWithoutImprovement, eta,
        halvings, false);
  }

  /** The same state with η replaced (a rollback's halving, which the schedule does not count). */
  public EarlyStopping withEta(double newEta) {
    return new EarlyStopping(
        direction, patience, halveEta, initialEta, best, bestEpoch, epochsWithoutImprovement, newEta,
        halvings, stopped);
  }

  /**
   * The same rule with its schedule started again (a drift was detected, so the network has to
   * learn anew): η back to η0, no epochs without improvement, no halvings. The best so far stays.
   */
  public EarlyStopping restartSchedule() {
    return new EarlyStopping(direction, patience, halveEta, initialEta, best, bestEpoch, 0, initialEta, 0, stopped);
  }

  /** Whether the epoch just observed set a new best. */
  public boolean improvedAt(int epoch) {
    return bestEpoch == epoch && epochsWithoutImprovement == 0;
  }
}
