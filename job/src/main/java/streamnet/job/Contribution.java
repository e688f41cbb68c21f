package streamnet.job;

/**
 * A worker's report to the averager: its parameters (and velocity) after training
 * {@code examples} examples from model ({@code generation}, {@code baseVersion}), with the summed
 * training cost and correct count its forward passes saw, and the milliseconds it spent waiting
 * for averages meanwhile. {@code finished} says the worker's input has ended and it will send
 * nothing more.
 */
public record Contribution(
    int worker,
    int generation,
    long baseVersion,
    long examples,
    double costSum,
    long correct,
    long waitingMillis,
    boolean finished,
    float[] parameters,
    float[] velocity) {}
