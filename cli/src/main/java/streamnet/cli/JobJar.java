package streamnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/** The shaded job jar the build writes next to the job module's classes (classifier {@code job}). */
final class JobJar {
  private JobJar() {}

  /** The jar's file name, e.g. {@code streamnet-job-0.1.0-SNAPSHOT-job.jar}, recorded by the build. */
  static String fileName() {
    try (InputStream in = JobJar.class.getResourceAsStream("job-jar.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the build puts it: {@code job/target/} under STREAMNET_HOME (or the working folder). */
  static Path defaultPath() {
    return StreamnetHome.root().resolve("job").resolve("target").resolve(fileName());
  }
}
