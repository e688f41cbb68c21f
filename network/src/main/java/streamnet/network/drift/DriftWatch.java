package streamnet.network.drift;

/**
 * The run's drift detector on the prequential error and what it found: detections in the epoch
 * (a window of a live run) in progress and in the whole run. Shared by train-local (fed per
 * mini-batch) and the Flink job's coordinator (fed per closed round). With detection off it
 * counts nothing. {@link #state()} is its whole state as a value.
 */
public final class DriftWatch {

  /** Checkpointed state: the detector's sums (EMPTY when off) and the two counts. */
  public record State(PageHinkley.State detector, int epochDrifts, long totalDrifts) {
    public static final State EMPTY = new State(PageHinkley.State.EMPTY, 0, 0);
  }

  private final PageHinkley detector;
  private int epochDrifts;
  private long totalDrifts;

  public DriftWatch(DriftDetection detection) {
    this.detector = detection.newDetector();
  }

  /** Takes {@code examples} predictions of which {@code errors} were wrong; returns whether a drift was detected. */
  public boolean observe(long examples, long errors) {
    if (detector == null || !detector.add(examples, errors)) {
      return false;
    }
    epochDrifts++;
    totalDrifts++;
    return true;
  }

  /** Detections since the epoch in progress started. */
  public int epochDrifts() {
    return epochDrifts;
  }

  /** Detections since the run started. */
  public long totalDrifts() {
    return totalDrifts;
  }

  /** The epoch ended: its count starts again at 0. */
  public void endEpoch() {
    epochDrifts = 0;
  }

  public State state() {
    return new State(detector == null ? PageHinkley.State.EMPTY : detector.state(), epochDrifts, totalDrifts);
  }

  public void restore(State state) {
    if (detector != null) {
      detector.restore(state.detector());
    }
    epochDrifts = state.epochDrifts();
    totalDrifts = state.totalDrifts();
  }
}
