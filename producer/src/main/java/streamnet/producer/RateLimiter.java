package streamnet.producer;

/** Paces sends to a steady number per second, to imitate a live feed; 0 means as fast as possible. */
public final class RateLimiter {

  private final double perSecond;
  private final long startNanos = System.nanoTime();
  private long permits;

  public RateLimiter(double perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("rate must not be negative: " + perSecond);
    }
    this.perSecond = perSecond;
  }

  /** Blocks until the next send is due. */
  public void acquire() throws InterruptedException {
    if (perSecond == 0) {
      return;
    }
    long dueNanos = startNanos + (long) (permits++ * 1e9 / perSecond);
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
    }
  }
}
