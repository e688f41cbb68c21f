package streamnet.network;

/**
 * A seeded random source whose whole state is one {@code long}, so a training replica's randomness
 * (shuffles, dropout masks) can be checkpointed and restored exactly. SplitMix64.
 */
public final class Rng {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The state to hand to {@link #Rng(long)} or {@link #setState} to continue this sequence. */
  public long state() {
    return state;
  }

  /** Continues the sequence a snapshot of {@link #state()} was taken from. */
  public void setState(long snapshot) {
    state = snapshot;
  }

  public long nextLong() {
    long z = (state += GOLDEN_GAMMA);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound). */
  public int nextInt(int bound) {
    return (int) ((nextLong() >>> 33) * bound >>> 31);
  }

  /** Standard normal (Box–Muller; the second value is dropped to keep the state one long). */
  public double nextGaussian() {
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** Shuffles {@code order} in place (Fisher–Yates). */
  public void shuffle(int[] order) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
