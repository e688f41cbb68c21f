package streamnet.producer;

import java.util.concurrent.atomic.AtomicBoolean;
import streamnet.record.Example;

/**
 * One producer run: sends through an {@link ExampleSender}, shows progress, and stops between two
 * examples once {@link #requestStop()} was called (by Ctrl-C).
 */
public final class StreamRun {

  private final ExampleSender sender;
  private final ProgressBar progress;
  private final AtomicBoolean stopRequested = new AtomicBoolean();

  public StreamRun(ExampleSender sender, ProgressBar progress) {
    this.sender = sender;
    this.progress = progress;
  }

  /** Sends one example and updates the progress line; false once a stop was requested. */
  boolean send(Example example, String stage) throws InterruptedException {
    if (stopRequested.get()) {
      return false;
    }
    sender.send(example);
    progress.update(sender.counts().sent(), stage);
    return true;
  }

  /** Asks the run to stop before the next example; safe from any thread. */
  public void requestStop() {
    stopRequested.set(true);
  }

  /** True once a stop was requested. */
  public boolean stopRequested() {
    return stopRequested.get();
  }

  /** Waits for every sent example to be acknowledged, ends the progress line and returns the counts. */
  public SendCounts finish(String stage) {
    try {
      sender.flush();
    } finally {
      progress.finish(sender.counts().sent(), stage);
    }
    return sender.counts();
  }

  /** The counts so far. */
  public SendCounts counts() {
    return sender.counts();
  }
}
