package streamnet.job;

/** What a worker trained since its last contribution: mini-batches, examples, summed cost, correct count. */
final class UnsentWork {
  private int batches;
  private long examples;
  private double costSum;
  private long correct;

  void add(int batchSize, double batchCost, long batchCorrect) {
    batches++;
    examples += batchSize;
    costSum += batchCost;
    correct += batchCorrect;
  }

  void clear() {
    restore(0, 0, 0, 0);
  }

  void restore(int batches, long examples, double costSum, long correct) {
    this.batches = batches;
    this.examples = examples;
    this.costSum = costSum;
    this.correct = correct;
  }

  int batches() {
    return batches;
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
}
