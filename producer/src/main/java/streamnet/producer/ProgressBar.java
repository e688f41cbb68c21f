package streamnet.producer;

import java.io.PrintStream;
import java.util.Locale;

/** One self-overwriting line on a terminal: a bar (when the total is known), the count and examples/s. */
public final class ProgressBar {

  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream out;
  private final long total;
  private final boolean live;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;

  /**
   * A bar towards {@code total} examples (0 or less: an endless stream), redrawn only if
   * {@code live}, e.g. on a terminal; the final line is always drawn.
   */
  public ProgressBar(PrintStream out, long total, boolean live) {
    this.out = out;
    this.total = total;
    this.live = live;
  }

  /** Redraws the line if it was last drawn more than a fifth of a second ago. */
  public void update(long done, String stage) {
    long now = System.nanoTime();
    if (live && now - lastDrawNanos >= REDRAW_NANOS) {
      lastDrawNanos = now;
      out.print("\r" + line(done, stage, now));
      out.flush();
    }
  }

  /** Draws the final state and ends the line. */
  public void finish(long done, String stage) {
    out.println("\r" + line(done, stage, System.nanoTime()));
  }

  /** The text of the line. */
  private String line(long done, String stage, long now) {
    double perSecond = done / Math.max(1e-9, (now - startNanos) / 1e9);
    String counts = total > 0
        ? bar(done) + String.format(Locale.ROOT, " %,d/%,d", done, total)
        : String.format(Locale.ROOT, "%,d", done);
    return String.format(Locale.ROOT, "%s %s  %,.0f examples/s   ", counts, stage, perSecond);
  }

  /** {@code [#####-----]} for the done fraction of the total. */
  private String bar(long done) {
    int filled = (int) Math.min(WIDTH, WIDTH * done / total);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }
}
