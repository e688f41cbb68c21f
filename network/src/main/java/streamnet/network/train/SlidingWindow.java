package streamnet.network.train;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Prequential sums over the newest examples: the last batches (rounds of the Flink job,
 * mini-batches of train-local) that together hold at least {@code size} examples — the oldest
 * batch is dropped as soon as the others still hold {@code size} without it. So the window holds
 * between {@code size} and {@code size} + one batch − 1 examples once that many were seen, and
 * every example it counts is counted whole: a batch reports only sums, and splitting one would
 * invent how its errors were spread. {@link #state()} is its whole state as a value.
 */
public final class SlidingWindow {

  /** One batch's counts: examples, summed cost of their predictions, correct predictions. */
  public record Batch(long examples, double costSum, long correct) {}

  private final long size;
  private final ArrayDeque<Batch> batches = new ArrayDeque<>();
  private long examples;
  private double costSum;
  private long correct;

  /** A window of at least {@code size} examples. */
  public SlidingWindow(long size) {
    if (size < 1) {
      throw new IllegalArgumentException("--prequential-window must be positive, got " + size);
    }
    this.size = size;
  }

  /** Adds the newest batch and drops the oldest ones the window no longer needs. */
  public void add(long batchExamples, double batchCostSum, long batchCorrect) {
    if (batchExamples == 0) {
      return;
    }
    batches.addLast(new Batch(batchExamples, batchCostSum, batchCorrect));
    examples += batchExamples;
    costSum += batchCostSum;
    correct += batchCorrect;
    boolean dropped = false;
    while (examples - batches.peekFirst().examples() >= size) {
      Batch oldest = batches.pollFirst();
      examples -= oldest.examples();
      correct -= oldest.correct();
      dropped = true;
    }
    if (dropped) {
      costSum = sumOfCosts();
    }
  }

  /** The cost sum summed anew, so that subtractions leave no rounding behind and a restored window equals this one. */
  private double sumOfCosts() {
    double sum = 0;
    for (Batch batch : batches) {
      sum += batch.costSum();
    }
    return sum;
  }

  /** Examples in the window. */
  public long examples() {
    return examples;
  }

  /** Share of the window's predictions that were correct; 0 when empty. */
  public double accuracy() {
    return examples == 0 ? 0 : (double) correct / examples;
  }

  /** Mean cost of the window's predictions (no regularization term); 0 when empty. */
  public double cost() {
    return examples == 0 ? 0 : costSum / examples;
  }

  /** The batches in the window, oldest first. */
  public List<Batch> state() {
    return List.copyOf(batches);
  }

  /** The window holding {@code state}'s batches, as {@link #state()} took them. */
  public static SlidingWindow restore(long size, List<Batch> state) {
    SlidingWindow window = new SlidingWindow(size);
    state.forEach(batch -> window.add(batch.examples(), batch.costSum(), batch.correct()));
    return window;
  }
}
