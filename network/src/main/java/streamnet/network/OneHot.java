package streamnet.network;

/** One-hot target vectors: row k has a 1 at index k. */
public final class OneHot {
  private OneHot() {}

  /** A fresh table of one-hot rows for {@code classes} classes; callers share rows read-only. */
  public static float[][] vectors(int classes) {
    float[][] targets = new float[classes][classes];
    for (int k = 0; k < classes; k++) {
      targets[k][k] = 1f;
    }
    return targets;
  }
}
