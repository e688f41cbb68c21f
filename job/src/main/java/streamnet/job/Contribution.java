package streamnet.job;

/**
 * A worker's report to the averager: its parameters (and velocity) after training
 * {@code examples} examples from model ({@code generation}, {@code baseVersion}), with the summed
 * training cost and correct count its forward passes saw (with dropout, if any), the summed cost
 * and correct count of its predictions of those examples just before training on them
 * (prequential, inference mode: the same as the training figures without dropout), and the
 * milliseconds it spent waiting for averages meanwhile. {@code finished} says the worker's input has ended and it will send
 * nothing more.
 */
public record Contribution(
    int worker,
    int generation,
    long baseVersion,
    long examples,
    double costSum,
    long correct,
    double prequentialCostSum,
    long prequentialCorrect,
    long waitingMillis,
    boolean finished,
    float[] parameters,
    float[] velocity) {

  /** A contribution of a worker without dropout: its prequential figures are its training figures. */
  public Contribution(int worker, int generation, long baseVersion, long examples, double costSum, long correct,
      long waitingMillis, boolean finished, float[] parameters, float[] velocity) {
    this(worker, generation, baseVersion, examples, costSum, correct, costSum, correct, waitingMillis, finished,
        parameters, velocity);
  }
}
