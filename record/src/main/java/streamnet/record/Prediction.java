package streamnet.record;

import java.util.Arrays;

/**
 * The answer to one {@link UnlabeledExample}: its id, the digit the model picked, the model's ten
 * output activations, which model version answered (generation and version, as the training job
 * numbers them), and three wall-clock times in milliseconds since the epoch: when the request was
 * sent (its Kafka record timestamp), when the serving job computed the answer, and when the model
 * version that answered was published (the timestamp of the model-topic record that completed it;
 * for a model file, when the serving job loaded it).
 */
public record Prediction(
    int id,
    int digit,
    float[] activations,
    int generation,
    long version,
    long requestedMillis,
    long answeredMillis,
    long modelPublishedMillis) {

  public Prediction {
    if (digit < 0 || digit >= activations.length) {
      throw new IllegalArgumentException("digit " + digit + " is not one of " + activations.length + " outputs");
    }
  }

  /** The time the prediction took: from the request's timestamp to the moment it was computed. */
  public long latencyMillis() {
    return answeredMillis - requestedMillis;
  }

  /** How old the answering model version was when it answered: from its publication to this answer. */
  public long modelAgeMillis() {
    return answeredMillis - modelPublishedMillis;
  }

  /**
   * The chosen digit's share of the summed output activations: for a softmax output layer its
   * probability, for sigmoid outputs a comparable score in [0, 1].
   */
  public double confidence() {
    double sum = 0;
    for (float activation : activations) {
      sum += activation;
    }
    return sum == 0 ? 0 : activations[digit] / sum;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Prediction that
        && id == that.id
        && digit == that.digit
        && Arrays.equals(activations, that.activations)
        && generation == that.generation
        && version == that.version
        && requestedMillis == that.requestedMillis
        && answeredMillis == that.answeredMillis
        && modelPublishedMillis == that.modelPublishedMillis;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * id + Arrays.hashCode(activations)) + Long.hashCode(version);
  }

  @Override
  public String toString() {
    return "Prediction[id=" + id + ", digit=" + digit + ", generation=" + generation + ", version=" + version + "]";
  }
}
