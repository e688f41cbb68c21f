package streamnet.job;

/**
 * What averager shard {@code shard} of {@code shards} tells the coordinator when it closes the
 * round that makes model {@code version}: the round's examples, training cost sum and correct
 * count, the prequential cost sum and correct count (the workers' predictions of those examples
 * before training on them), the workers' waiting time, how many contributions it rejected (any rejection rolls the
 * round back), and whether every worker's input has now ended. Every shard closes the same rounds
 * with the same counts; they differ only in {@code parameters}, each shard's slice of the global
 * model after the round — sent only when the coordinator needs the whole model (an epoch ends in
 * the round, the round was rolled back, or the input is exhausted), empty otherwise.
 */
public record RoundReport(
    int shard,
    int shards,
    long version,
    long examples,
    double costSum,
    long correct,
    double prequentialCostSum,
    long prequentialCorrect,
    long waitingMillis,
    int rejected,
    boolean inputExhausted,
    float[] parameters) {

  /** This report with the given prequential sums (a layout that did not record them reads the training ones). */
  RoundReport withPrequential(double costSum, long correct) {
    return new RoundReport(shard, shards, version, examples, this.costSum, this.correct, costSum, correct,
        waitingMillis, rejected, inputExhausted, parameters);
  }

  /** Whether this report carries its shard's slice of the global model. */
  public boolean hasModel() {
    return parameters.length > 0;
  }
}
