package streamnet.job;

/**
 * A worker's counters for the dashboard: examples, mini-batches, rounds, time spent waiting, and
 * the prequential accuracy of its last contribution (its predictions of the k·m examples before
 * training on them; not checkpointed: a gauge, 0 until the first send).
 */
public final class WorkerStatistics {
  private double lastPrequentialAccuracy;
  private long examples;
  private long miniBatches;
  private long rounds;
  private long waitingNanos;
  private long waitStartedNanos = -1;

  void trained(int batchSize) {
    examples += batchSize;
    miniBatches++;
  }

  void sent(Contribution contribution) {
    if (contribution.examples() > 0) {
      lastPrequentialAccuracy = (double) contribution.prequentialCorrect() / contribution.examples();
    }
  }

  /** Share of the last contribution's examples its replica predicted right before training on them. */
  public double prequentialAccuracy() {
    return lastPrequentialAccuracy;
  }

  void startedWaiting() {
    waitStartedNanos = System.nanoTime();
  }

  void modelArrived(boolean wasWaiting) {
    rounds++;
    if (wasWaiting && waitStartedNanos >= 0) {
      waitingNanos += System.nanoTime() - waitStartedNanos;
    }
    waitStartedNanos = -1;
  }

  public long examples() {
    return examples;
  }

  public long miniBatches() {
    return miniBatches;
  }

  public long rounds() {
    return rounds;
  }

  /** Milliseconds spent waiting for averages (sync mode, delayed at the staleness bound), including an ongoing wait. */
  public long waitingMillis() {
    long ongoing = waitStartedNanos >= 0 ? System.nanoTime() - waitStartedNanos : 0;
    return (waitingNanos + ongoing) / 1_000_000;
  }
}
