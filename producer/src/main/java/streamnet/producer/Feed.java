package streamnet.producer;

import java.io.IOException;

/** A source of examples that sends them through a {@link StreamRun}. */
public interface Feed {

  /** Examples this feed sends in all, or -1 if that is not known in advance. */
  long total();

  /** Sends the examples, returning early once the run is stopped. */
  void stream(StreamRun run) throws IOException, InterruptedException;
}
