package streamnet.producer;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import streamnet.producer.files.BadDigitFileException;
import streamnet.producer.files.DigitFolder;
import streamnet.record.Example;

/**
 * Feeds the user's labeled digits from a folder: once, or (forever) polling it for new files. Files
 * that cannot be read are reported by name on the given stream and skipped.
 */
public final class FolderFeed implements Feed {

  /** How often a live feed looks for new files. */
  public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private final DigitFolder folder;
  private final int epoch;
  private final boolean forever;
  private final PrintStream problems;
  private final List<BadDigitFileException> refused = new ArrayList<>();

  /** Feeds the folder's digits with this epoch, polling for new files if {@code forever}. */
  public FolderFeed(DigitFolder folder, int epoch, boolean forever, PrintStream problems) {
    this.folder = folder;
    this.epoch = epoch;
    this.forever = forever;
    this.problems = problems;
  }

  @Override
  public long total() {
    return -1;
  }

  /** Sends the folder's digits, then keeps polling if {@code forever}, until the run is stopped. */
  @Override
  public void stream(StreamRun run) throws IOException, InterruptedException {
    do {
      DigitFolder.Batch batch = folder.readNew(epoch);
      batch.refused().forEach(this::report);
      for (Example example : batch.examples()) {
        if (!run.send(example, "digits")) {
          return;
        }
      }
      if (forever) {
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
    } while (forever && !run.stopRequested());
  }

  /** The files refused so far. */
  public List<BadDigitFileException> refused() {
    return List.copyOf(refused);
  }

  /** Reports a refused file by name. */
  private void report(BadDigitFileException problem) {
    refused.add(problem);
    problems.println("\nskipped " + problem.getMessage());
  }
}
