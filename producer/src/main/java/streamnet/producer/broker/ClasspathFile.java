package streamnet.producer.broker;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classpath file that a classpath-only module (kafka-broker, flink-cluster) writes during every
 * build, for a child JVM: found through a system property, else under STREAMNET_HOME, the working
 * folder or its parent.
 */
public record ClasspathFile(String fileProperty, Path relativeFile) {

  /** The classpath, ready for {@code java -cp}. */
  public String load() {
    Path file = locate();
    try {
      // The file has no trailing newline; read it whole rather than line by line.
      String classpath = Files.readString(file).strip();
      if (classpath.isEmpty()) {
        throw new BrokerException("the classpath file " + file + " is empty; run mvn package");
      }
      return classpath;
    } catch (IOException e) {
      throw new BrokerException("cannot read the classpath file " + file, e);
    }
  }

  /** The classpath file: the system property, else the first candidate folder that has it. */
  private Path locate() {
    String configured = System.getProperty(fileProperty);
    if (configured != null) {
      return Path.of(configured);
    }
    List<Path> candidates = new ArrayList<>();
    String home = System.getenv("STREAMNET_HOME");
    if (home != null) {
      candidates.add(Path.of(home).resolve(relativeFile));
    }
    Path workingDir = Path.of("").toAbsolutePath();
    candidates.add(workingDir.resolve(relativeFile));
    if (workingDir.getParent() != null) {
      candidates.add(workingDir.getParent().resolve(relativeFile));
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(() -> new BrokerException(
            "no classpath file " + relativeFile.getFileName() + " (looked at "
                + String.join(File.pathSeparator, candidates.stream().map(Path::toString).toList())
                + "); build the project with mvn package, or set -D" + fileProperty));
  }
}
