package streamnet.network.drift;

import java.io.Serializable;
import java.util.Locale;

/**
 * Which drift detector watches the prequential error, and its parameters: {@code off}, or
 * {@code page-hinkley} with δ ({@code delta}) and λ ({@code threshold}). The defaults of the flags
 * {@code --drift-detection}, {@code --drift-delta} and {@code --drift-threshold} are here.
 */
public record DriftDetection(Method method, double delta, double threshold) implements Serializable {

  /** The detectors there are; {@link #id()} is the flag's value. */
  public enum Method {
    OFF,
    PAGE_HINKLEY;

    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The method a flag names ({@code off}, {@code page-hinkley}). */
    public static Method fromId(String id) {
      for (Method method : values()) {
        if (method.id().equals(id)) {
          return method;
        }
      }
      throw new IllegalArgumentException("unknown drift detection '" + id + "' (off, page-hinkley)");
    }
  }

  public static final Method DEFAULT_METHOD = Method.PAGE_HINKLEY;
  /**
   * MOA's default δ: a rise of the error by half a point is not a drift. Over 200,000 draws of a
   * stationary Bernoulli(0.05) error the test's statistic stays far below λ (DriftDetectionTest).
   */
  public static final double DEFAULT_DELTA = 0.005;
  /**
   * MOA's default λ: after a step of the error from 0.05 to 0.5 the statistic grows by about 0.445
   * per example, so the test signals about 113 examples after the step (within 150 in
   * DriftDetectionTest), plus up to one round of the job (P·k·m examples).
   */
  public static final double DEFAULT_THRESHOLD = 50;
  public static final DriftDetection DEFAULT = new DriftDetection(DEFAULT_METHOD, DEFAULT_DELTA, DEFAULT_THRESHOLD);

  public DriftDetection {
    if (method == Method.PAGE_HINKLEY) {
      PageHinkley.requireValid(delta, threshold);
    }
  }

  /** A new detector, or null when detection is off. */
  public PageHinkley newDetector() {
    return method == Method.OFF ? null : new PageHinkley(delta, threshold);
  }
}
