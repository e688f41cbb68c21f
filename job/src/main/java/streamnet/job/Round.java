package streamnet.job;

import java.util.BitSet;

/**
 * The open averaging round: which workers have reported for the current version, the
 * example-weighted sums of the parameters (and velocities) they sent, and their counts (training
 * and prequential). A contribution that is not
 * finite counts as reported but adds nothing. After a rescale the workers' numbers mean other
 * workers, so the restored round is orphaned: it closes at the next occasion with what it holds.
 */
final class Round {
  private final BitSet reported;
  private double[] parameterSum;
  private double[] velocitySum;
  private long examples;
  private double costSum;
  private long correct;
  private double prequentialCostSum;
  private long prequentialCorrect;
  private long waitingMillis;
  private int rejected;
  private boolean orphaned;

  Round() {
    this(new BitSet(), null, null, 0, 0, 0, 0, 0, 0, 0, false);
  }

  private Round(BitSet reported, double[] parameterSum, double[] velocitySum, long examples, double costSum,
      long correct, double prequentialCostSum, long prequentialCorrect, long waitingMillis, int rejected,
      boolean orphaned) {
    this.reported = reported;
    this.parameterSum = parameterSum;
    this.velocitySum = velocitySum;
    this.examples = examples;
    this.costSum = costSum;
    this.correct = correct;
    this.prequentialCostSum = prequentialCostSum;
    this.prequentialCorrect = prequentialCorrect;
    this.waitingMillis = waitingMillis;
    this.rejected = rejected;
    this.orphaned = orphaned;
  }

  /** Adds a finite contribution, weighted by its examples. */
  void add(Contribution c) {
    reported.set(c.worker());
    waitingMillis += c.waitingMillis();
    if (c.examples() == 0) {
      return;
    }
    if (parameterSum == null) {
      parameterSum = new double[c.parameters().length];
      velocitySum = new double[c.velocity().length];
    }
    addWeighted(parameterSum, c.parameters(), c.examples());
    addWeighted(velocitySum, c.velocity(), c.examples());
    examples += c.examples();
    costSum += c.costSum();
    correct += c.correct();
    prequentialCostSum += c.prequentialCostSum();
    prequentialCorrect += c.prequentialCorrect();
  }

  /** Records a contribution that was rejected: its worker has reported, its work is not averaged. */
  void reject(Contribution c) {
    reported.set(c.worker());
    waitingMillis += c.waitingMillis();
    rejected++;
  }

  private static void addWeighted(double[] sum, float[] values, long weight) {
    for (int p = 0; p < values.length; p++) {
      sum[p] += (double) weight * values[p];
    }
  }

  /** Whether every one of {@code parallelism} workers has reported or finished (or the round is orphaned). */
  boolean isComplete(int parallelism, BitSet finishedWorkers) {
    if (orphaned) {
      return true;
    }
    for (int w = 0; w < parallelism; w++) {
      if (!reported.get(w) && !finishedWorkers.get(w)) {
        return false;
      }
    }
    return true;
  }

  void orphan() {
    orphaned = true;
    reported.clear();
  }

  /** The example-weighted mean of the parameters; call only when {@link #examples} is positive. */
  float[] averageParameters() {
    return average(parameterSum);
  }

  float[] averageVelocity() {
    return average(velocitySum);
  }

  private float[] average(double[] sum) {
    float[] mean = new float[sum.length];
    for (int p = 0; p < sum.length; p++) {
      mean[p] = (float) (sum[p] / examples);
    }
    return mean;
  }

  long examples() {
    return examples;
  }

  double costSum() {
    return costSum;
  }

  long correct() {
    return correct;
  }

  double prequentialCostSum() {
    return prequentialCostSum;
  }

  long prequentialCorrect() {
    return prequentialCorrect;
  }

  long waitingMillis() {
    return waitingMillis;
  }

  int rejected() {
    return rejected;
  }

  /** The round as checkpointed. */
  RoundState state() {
    return new RoundState(reported.toLongArray(), parameterSum == null ? new double[0] : parameterSum,
        velocitySum == null ? new double[0] : velocitySum, examples, costSum, correct, prequentialCostSum,
        prequentialCorrect, waitingMillis, rejected, orphaned);
  }

  static Round restore(RoundState state) {
    boolean hasSums = state.parameterSum().length > 0;
    return new Round(BitSet.valueOf(state.reported()), hasSums ? state.parameterSum() : null,
        hasSums ? state.velocitySum() : null, state.examples(), state.costSum(), state.correct(),
        state.prequentialCostSum(), state.prequentialCorrect(), state.waitingMillis(), state.rejected(),
        state.orphaned());
  }

  /** A checkpointed round. */
  record RoundState(long[] reported, double[] parameterSum, double[] velocitySum, long examples, double costSum,
      long correct, double prequentialCostSum, long prequentialCorrect, long waitingMillis, int rejected,
      boolean orphaned) {

    /** This round with the given prequential sums (a layout that did not record them reads the training ones). */
    RoundState withPrequential(double costSum, long correct) {
      return new RoundState(reported, parameterSum, velocitySum, examples, this.costSum, this.correct, costSum,
          correct, waitingMillis, rejected, orphaned);
    }
  }
}
