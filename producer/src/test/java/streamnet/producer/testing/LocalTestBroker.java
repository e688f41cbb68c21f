package streamnet.producer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import streamnet.producer.broker.BrokerSettings;
import streamnet.producer.broker.KafkaBroker;

/** The real local broker (child JVM) on free ports in a temporary folder, deleted afterwards. */
final class LocalTestBroker implements TestBroker {

  private final Path dir;
  private final KafkaBroker broker;

  private LocalTestBroker(Path dir, KafkaBroker broker) {
    this.dir = dir;
    this.broker = broker;
  }

  /** Starts a broker in a new temporary folder. */
  static LocalTestBroker start() {
    try {
      Path dir = Files.createTempDirectory("streamnet-test-kafka-");
      BrokerSettings settings = BrokerSettings.of(dir, freePort()).withControllerPort(freePort());
      return new LocalTestBroker(dir, KafkaBroker.start(settings));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
    deleteRecursively(dir);
  }

  /** A port nothing listens on right now. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerSettings.HOST))) {
      return socket.getLocalPort();
    }
  }

  /** Deletes the broker folder. */
  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
