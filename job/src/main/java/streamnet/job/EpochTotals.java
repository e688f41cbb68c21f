package streamnet.job;

/**
 * The running sums of the epoch in progress, as the averaged rounds report them: examples, the
 * training cost and correct count their forward passes saw, the workers' time spent waiting, and
 * when the epoch started (seconds of training).
 */
final class EpochTotals {
  private final double startSeconds;
  private long examples;
  private double costSum;
  private long correct;
  private long waitingMillis;

  EpochTotals() {
    this(0);
  }

  EpochTotals(double startSeconds) {
    this.startSeconds = startSeconds;
  }

  void add(Round round) {
    examples += round.examples();
    costSum += round.costSum();
    correct += round.correct();
    waitingMillis += round.waitingMillis();
  }

  /** The mean training cost of the epoch's examples plus the regularization {@code penalty}; 0 when empty. */
  double trainingCost(double penalty) {
    return examples == 0 ? 0 : costSum / examples + penalty;
  }

  double trainingAccuracy() {
    return examples == 0 ? 0 : (double) correct / examples;
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
    return new State(examples, costSum, correct, waitingMillis, startSeconds);
  }

  static EpochTotals restore(State state) {
    EpochTotals totals = new EpochTotals(state.startSeconds());
    totals.examples = state.examples();
    totals.costSum = state.costSum();
    totals.correct = state.correct();
    totals.waitingMillis = state.waitingMillis();
    return totals;
  }

  /** Checkpointed epoch sums. */
  record State(long examples, double costSum, long correct, long waitingMillis, double startSeconds) {}
}
