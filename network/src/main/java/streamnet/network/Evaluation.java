package streamnet.network;

import java.util.stream.IntStream;
import streamnet.network.data.Dataset;

/**
 * A network's accuracy and total cost on a data set, as network2's {@code accuracy} and
 * {@code total_cost} compute them: the regularization term uses the evaluated set's size.
 */
public record Evaluation(int correct, int total, double cost) {

  /** Examples per parallel chunk: big enough to amortize a task, small enough to balance cores. */
  private static final int CHUNK = 2048;

  /** Fraction of examples classified correctly. */
  public double accuracy() {
    return total == 0 ? 0 : (double) correct / total;
  }

  /** Evaluates {@code network} on {@code data}, adding the {@code regularization} penalty for λ. */
  public static Evaluation of(
      Network network, Dataset data, Regularization regularization, double lambda) {
    int chunks = (data.size() + CHUNK - 1) / CHUNK;
    Evaluation sum =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(c -> ofRange(network, data, c * CHUNK, Math.min(data.size(), (c + 1) * CHUNK)))
            .reduce(new Evaluation(0, 0, 0), Evaluation::plus);
    if (sum.total == 0) {
      return sum;
    }
    double penalty = regularization.penalty(network, lambda, sum.total);
    return new Evaluation(sum.correct, sum.total, sum.cost / sum.total + penalty);
  }

  /** Correct count and summed (not averaged) cost over examples [from, to). */
  private static Evaluation ofRange(Network network, Dataset data, int from, int to) {
    Cost cost = network.architecture().cost();
    float[][] targets = OneHot.vectors(data.classes());
    int correct = 0;
    double total = 0;
    for (int i = from; i < to; i++) {
      float[] output = network.feedforward(data.image(i));
      if (Kernels.argmax(output) == data.label(i)) {
        correct++;
      }
      total += cost.fn(output, targets[data.label(i)]);
    }
    return new Evaluation(correct, to - from, total);
  }

  private Evaluation plus(Evaluation other) {
    return new Evaluation(correct + other.correct, total + other.total, cost + other.cost);
  }
}
