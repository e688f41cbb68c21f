package streamnet.job;

import java.util.Locale;

/** How workers wait for the average of their parameters. */
public enum AveragingMode {
  /** A worker stops after sending and resumes from the average (buffering input meanwhile). */
  SYNC,
  /** A worker keeps training and folds the average in when it arrives: w ← w_avg + (w_now − w_sent). */
  DELAYED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code sync} or {@code delayed}. */
  public static AveragingMode fromId(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown averaging mode '" + id + "' (sync, delayed)");
    }
  }
}
