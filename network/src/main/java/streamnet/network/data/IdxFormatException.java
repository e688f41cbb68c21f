package streamnet.network.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is not what it should be; the message names the file and what is wrong. */
public final class IdxFormatException extends IOException {

  public IdxFormatException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
