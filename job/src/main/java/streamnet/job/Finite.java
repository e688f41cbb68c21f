package streamnet.job;

/** Finiteness of parameter arrays: NaN or infinity anywhere means a diverged replica. */
final class Finite {
  private Finite() {}

  static boolean all(float[] values) {
    for (float value : values) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
