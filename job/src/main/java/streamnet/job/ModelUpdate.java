package streamnet.job;

/**
 * A global model version, as the averager publishes it to the model topic. {@code generation}
 * grows with every restore of the job, {@code version} with every closed round; workers follow
 * the greatest (generation, version) they have seen. {@code examples} counts the examples averaged
 * into it (the job paces its training input by it). {@code stop} tells workers to stop training.
 * {@code velocity} is empty without momentum.
 */
public record ModelUpdate(
    String runId,
    int generation,
    long version,
    long examples,
    int epoch,
    double eta,
    boolean stop,
    float[] parameters,
    float[] velocity) {

  /** Whether this update supersedes the one at (generation, version). */
  public boolean isNewerThan(int otherGeneration, long otherVersion) {
    return generation > otherGeneration || (generation == otherGeneration && version > otherVersion);
  }
}
