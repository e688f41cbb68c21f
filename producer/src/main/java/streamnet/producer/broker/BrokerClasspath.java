package streamnet.producer.broker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the broker's jars: the file {@code kafka-broker/target/kafka-broker-classpath.txt} that the
 * kafka-broker module writes during every build.
 */
public final class BrokerClasspath {

  /** System property naming the classpath file, for builds that put it elsewhere. */
  public static final String FILE_PROPERTY = "streamnet.kafka.broker.classpath";

  private static final Path RELATIVE_FILE = Path.of("kafka-broker", "target", "kafka-broker-classpath.txt");

  private BrokerClasspath() {}

  /** The broker's classpath, ready for {@code java -cp}. */
  public static String load() {
    Path file = locate();
    try {
      // The file has no trailing newline; read it whole rather than line by line.
      String classpath = Files.readString(file).strip();
      if (classpath.isEmpty()) {
        throw new BrokerException("the broker classpath file " + file + " is empty; run mvn package");
      }
      return classpath;
    } catch (IOException e) {
      throw new BrokerException("cannot read the broker classpath file " + file, e);
    }
  }

  /** The classpath file: the system property, else under STREAMNET_HOME, the working folder or its parent. */
  static Path locate() {
    String configured = System.getProperty(FILE_PROPERTY);
    if (configured != null) {
      return Path.of(configured);
    }
    List<Path> candidates = new ArrayList<>();
    String home = System.getenv("STREAMNET_HOME");
    if (home != null) {
      candidates.add(Path.of(home).resolve(RELATIVE_FILE));
    }
    Path workingDir = Path.of("").toAbsolutePath();
    candidates.add(workingDir.resolve(RELATIVE_FILE));
    if (workingDir.getParent() != null) {
      candidates.add(workingDir.getParent().resolve(RELATIVE_FILE));
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(() -> new BrokerException(
            "no broker classpath file (looked at " + String.join(File.pathSeparator, candidates.stream().map(Path::toString).toList())
                + "); build the project with mvn package, or set -D" + FILE_PROPERTY));
  }
}
