package streamnet.network.drift;

/**
 * The Page-Hinkley test (Page 1954; Gama et al. 2013, "On evaluating stream learning algorithms")
 * for an increase of the mean of a stream, here the prequential error (1 for a misclassified
 * example, 0 otherwise). With x̄ the mean of everything seen since the last detection, it sums
 * m_T = Σ (x_t − x̄_T − δ) and keeps its minimum M_T; a drift is signalled when m_T − M_T > λ,
 * and the test starts again from nothing. δ is the change too small to care about, λ the
 * evidence demanded.
 *
 * <p>Counts can arrive in batches (a round of the Flink job, a mini-batch of train-local):
 * {@link #add(long, long)} takes n examples with e errors as n observations of their mean e/n,
 * with x̄ updated once, after the batch. For n = 1 that is the textbook test; for larger n it
 * trades the order inside a batch (which the job does not know) for a detection at the batch's end.
 * Immutable parameters, mutable sums; {@link #state()} is its whole state as a value.
 */
public final class PageHinkley {

  /** The test's sums: examples since the last detection, their mean error, m_T and M_T. */
  public record State(long examples, double mean, double cumulative, double minimum) {
    /** The state of a test that has seen nothing. */
    public static final State EMPTY = new State(0, 0, 0, 0);
  }

  private final double delta;
  private final double threshold;
  private long examples;
  private double mean;
  private double cumulative;
  private double minimum;

  /** A test tolerating a rise of the error by {@code delta}, signalling once the evidence passes {@code threshold}. */
  public PageHinkley(double delta, double threshold) {
    requireValid(delta, threshold);
    this.delta = delta;
    this.threshold = threshold;
  }

  /** Refuses parameters the test cannot work with: δ below 0, λ not positive (or NaN). */
  static void requireValid(double delta, double threshold) {
    if (!(delta >= 0) || !(threshold > 0) || Double.isInfinite(delta) || Double.isInfinite(threshold)) {
      throw new IllegalArgumentException(
          "Page-Hinkley needs δ ≥ 0 (--drift-delta) and λ > 0 (--drift-threshold), finite; got δ = " + delta
              + ", λ = " + threshold);
    }
  }

  /**
   * Takes {@code n} examples of which {@code errors} were misclassified; returns whether the error
   * has risen (a drift), in which case the test starts again from nothing.
   */
  public boolean add(long n, long errors) {
    if (n < 0 || errors < 0 || errors > n) {
      throw new IllegalArgumentException(errors + " errors in " + n + " examples");
    }
    if (n == 0) {
      return false;
    }
    examples += n;
    mean += (errors - n * mean) / examples;
    cumulative += errors - n * (mean + delta);
    minimum = Math.min(minimum, cumulative);
    if (cumulative - minimum > threshold) {
      restore(State.EMPTY);
      return true;
    }
    return false;
  }

  public State state() {
    return new State(examples, mean, cumulative, minimum);
  }

  public void restore(State state) {
    examples = state.examples();
    mean = state.mean();
    cumulative = state.cumulative();
    minimum = state.minimum();
  }
}
