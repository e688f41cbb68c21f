package streamnet.job;

import streamnet.network.MiniBatchTrainer;

/**
 * What a worker trained since its last contribution: mini-batches, examples, summed training cost
 * and correct count, and the summed cost and correct count of its predictions before training
 * (prequential).
 */
final class UnsentWork {
  private int batches;
  private long examples;
  private double costSum;
  private long correct;
  private double prequentialCostSum;
  private long prequentialCorrect;

  void add(int batchSize, double batchCost, long batchCorrect, MiniBatchTrainer.BatchScore prequential) {
    batches++;
    examples += batchSize;
    costSum += batchCost;
    correct += batchCorrect;
    prequentialCostSum += prequential.costSum();
    prequentialCorrect += prequential.correct();
  }

  void clear() {
    restore(0, 0, 0, 0, 0, 0);
  }

  void restore(int batches, long examples, double costSum, long correct, double prequentialCostSum,
      long prequentialCorrect) {
    this.batches = batches;
    this.examples = examples;
    this.costSum = costSum;
    this.correct = correct;
    this.prequentialCostSum = prequentialCostSum;
    this.prequentialCorrect = prequentialCorrect;
  }

  double prequentialCostSum() {
    return prequentialCostSum;
  }

  long prequentialCorrect() {
    return prequentialCorrect;
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
