package streamnet.cli;

import java.io.PrintStream;

/**
 * A one-line progress bar with examples/s, redrawn in place; silent when the process has no
 * terminal (CI logs and pipes get only the per-epoch lines).
 */
final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean enabled = System.console() != null;
  private long startNanos;
  private int shownEpoch = -1;

  ProgressBar(PrintStream out) {
    this.out = out;
  }

  /** Redraws the bar for {@code done} of {@code total} examples of an epoch. */
  void show(String label, int epoch, long done, long total) {
    if (!enabled) {
      return;
    }
    if (epoch != shownEpoch) {
      shownEpoch = epoch;
      startNanos = System.nanoTime();
    }
    int filled = (int) (WIDTH * done / Math.max(1, total));
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    out.printf("\r%s [%s%s] %3d%% %,8.0f ex/s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
        100 * done / Math.max(1, total), seconds > 0 ? done / seconds : 0.0);
    out.flush();
  }

  /** Clears the bar's line so a summary line can take its place. */
  void clear() {
    if (!enabled) {
      return;
    }
    out.print("\r" + " ".repeat(WIDTH + 60) + "\r");
    out.flush();
  }
}
