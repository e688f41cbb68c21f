package streamnet.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The checkout the launcher runs from ($STREAMNET_HOME, else the working folder) and its runs/ folder. */
final class StreamnetHome {
  private StreamnetHome() {}

  /** The checkout's root. */
  static Path root() {
    String home = System.getenv("STREAMNET_HOME");
    return home == null || home.isBlank() ? Path.of(".") : Path.of(home);
  }

  /** {@code runs/<name>} under the root, absolute. */
  static Path runs(String name) {
    return root().resolve("runs").resolve(name).toAbsolutePath();
  }

  /** A new run folder under runs/, named {@code prefix} and the time it starts. */
  static Path newRun(String prefix) {
    return runs(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
