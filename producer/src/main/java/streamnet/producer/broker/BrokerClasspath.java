package streamnet.producer.broker;

import java.nio.file.Path;

/**
 * Finds the broker's jars: the file {@code kafka-broker/target/kafka-broker-classpath.txt} that the
 * kafka-broker module writes during every build.
 */
public final class BrokerClasspath {

  /** System property naming the classpath file, for builds that put it elsewhere. */
  public static final String FILE_PROPERTY = "streamnet.kafka.broker.classpath";

  private static final ClasspathFile FILE =
      new ClasspathFile(FILE_PROPERTY, Path.of("kafka-broker", "target", "kafka-broker-classpath.txt"));

  private BrokerClasspath() {}

  /** The broker's classpath, ready for {@code java -cp}. */
  public static String load() {
    return FILE.load();
  }
}
