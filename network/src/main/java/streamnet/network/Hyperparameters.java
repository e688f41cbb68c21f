package streamnet.network;

import java.io.Serializable;

/**
 * What a training step needs besides the network: learning rate η, regularization strength λ and
 * kind, momentum coefficient μ (0 = plain SGD), dropout probability of hidden neurons, and the
 * training-set size n that scales the regularization (λ/n).
 */
public record Hyperparameters(
    double eta,
    double lambda,
    Regularization regularization,
    double momentum,
    double dropout,
    int trainingSetSize)
    implements Serializable {

  public Hyperparameters {
    if (!(eta > 0) || !Double.isFinite(eta)) {
      throw new IllegalArgumentException("eta must be a positive number, got " + eta);
    }
    if (lambda < 0 || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("lambda must be 0 or positive, got " + lambda);
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (dropout < 0 || dropout >= 1) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
    if (trainingSetSize < 1) {
      throw new IllegalArgumentException("training-set size must be positive, got " + trainingSetSize);
    }
  }

  /** Plain SGD with L2 regularization: network2's {@code SGD(..., eta, lmbda)}. */
  public static Hyperparameters sgd(double eta, double lambda, int trainingSetSize) {
    return new Hyperparameters(eta, lambda, Regularization.L2, 0, 0, trainingSetSize);
  }

  /** The same with another learning rate (schedules change only η). */
  public Hyperparameters withEta(double newEta) {
    return new Hyperparameters(newEta, lambda, regularization, momentum, dropout, trainingSetSize);
  }

  /** The same with another regularization strength. */
  public Hyperparameters withLambda(double newLambda) {
    return new Hyperparameters(eta, newLambda, regularization, momentum, dropout, trainingSetSize);
  }
}
