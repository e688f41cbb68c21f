package streamnet.network.train;

import java.io.Serializable;
import streamnet.network.drift.DriftDetection;

/**
 * How a run scores its training stream before training on it (test-then-train): the sliding
 * window's size in examples ({@code --prequential-window}) and the drift detector on the
 * prequential error ({@code --drift-detection}, {@code --drift-delta}, {@code --drift-threshold}).
 * The defaults of those flags are here and in {@link DriftDetection}.
 */
public record PrequentialSettings(int window, DriftDetection drift) implements Serializable {

  /** Examples in the sliding window by default. */
  public static final int DEFAULT_WINDOW = 10_000;
  public static final PrequentialSettings DEFAULT = new PrequentialSettings(DEFAULT_WINDOW, DriftDetection.DEFAULT);

  public PrequentialSettings {
    if (window < 1) {
      throw new IllegalArgumentException("--prequential-window must be positive, got " + window);
    }
  }
}
