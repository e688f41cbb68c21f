package streamnet.job;

/**
 * The running sums of the epoch in progress, as the averaged rounds report them: examples, the
 * training cost and correct count their forward passes saw, the cost and correct count of the
 * predictions made of them before training (prequential), the workers' time spent waiting, and
 * when the epoch started (seconds of training).
 */
final class EpochTotals {
  private final double startSeconds;
  private long examples;
  private double costSum;
  private long correct;
  private long waitingMillis;
  private double prequentialCostSum;
  private long prequentialCorrect;

  EpochTotals() {
    this(0);
  }

  EpochTotals(double startSeconds) {
    this.startSeconds = startSeconds;
  }

  /**
   * Adds the part of the closed {@code round} that falls into this epoch: its examples {@code from} (inclusive)
   * to {@code to} (exclusive), in the order the round counts them, with the round's sums in
   * proportion. The counts are rounded so that the parts of one round add up to its whole.
   */
  void add(RoundReport round, long from, long to) {
    if (round.examples() == 0) {
      waitingMillis += round.waitingMillis();
      return;
    }
    examples += to - from;
    costSum += round.costSum() * (to - from) / round.examples();
    correct += share(round.correct(), from, to, round.examples());
    prequentialCostSum += round.prequentialCostSum() * (to - from) / round.examples();
    prequentialCorrect += share(round.prequentialCorrect(), from, to, round.examples());
    waitingMillis += share(round.waitingMillis(), from, to, round.examples());
  }

  /** The part of {@code total} that examples {@code from} to {@code to} of {@code n} carry. */
  private static long share(long total, long from, long to, long n) {
    return Math.round((double) total * to / n) - Math.round((double) total * from / n);
  }

  /** The mean training cost of the epoch's examples plus the regularization {@code penalty}; 0 when empty. */
  double trainingCost(double penalty) {
    return examples == 0 ? 0 : costSum / examples + penalty;
  }

  double trainingAccuracy() {
    return examples == 0 ? 0 : (double) correct / examples;
  }

  /** Share of the epoch's examples predicted right before they were trained on; 0 when empty. */
  double prequentialAccuracy() {
    return examples == 0 ? 0 : (double) prequentialCorrect / examples;
  }

  /** Mean cost of the epoch's predictions before training (no regularization term); 0 when empty. */
  double prequentialCost() {
    return examples == 0 ? 0 : prequentialCostSum / examples;
  }

  long examples() {
    return examples;
  }

  long waitingMillis() {
    return waitingMillis;
  }

  double startSeconds() {
    return startSeconds;
  }

  State state() {
    return new State(examples, costSum, correct, waitingMillis, startSeconds, prequentialCostSum, prequentialCorrect);
  }

  static EpochTotals restore(State state) {
    EpochTotals totals = new EpochTotals(state.startSeconds());
    totals.examples = state.examples();
    totals.costSum = state.costSum();
    totals.correct = state.correct();
    totals.waitingMillis = state.waitingMillis();
    totals.prequentialCostSum = state.prequentialCostSum();
    totals.prequentialCorrect = state.prequentialCorrect();
    return totals;
  }

  /** Checkpointed epoch sums. */
  record State(long examples, double costSum, long correct, long waitingMillis, double startSeconds,
      double prequentialCostSum, long prequentialCorrect) {

    /** These sums with the given prequential ones (a layout that did not record them reads the training ones). */
    State withPrequential(double costSum, long correct) {
      return new State(examples, this.costSum, this.correct, waitingMillis, startSeconds, costSum, correct);
    }
  }
}
