package streamnet.producer.files;

import java.nio.file.Path;

/** A digit file that cannot be sent, with its name and why (checked: callers must report it). */
public final class BadDigitFileException extends Exception {

  private final Path file;

  public BadDigitFileException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  /** The file that was refused. */
  public Path file() {
    return file;
  }
}
