package streamnet.producer.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import streamnet.network.io.Folders;

/** A local broker on free ports in a new temporary folder that is deleted when the broker stops; for tests and benchmarks. */
public final class TemporaryBroker implements AutoCloseable {

  private final Path dir;
  private final KafkaBroker broker;

  private TemporaryBroker(Path dir, KafkaBroker broker) {
    this.dir = dir;
    this.broker = broker;
  }

  /** Starts a broker in a new temporary folder. */
  public static TemporaryBroker start() {
    try {
      Path dir = Files.createTempDirectory("streamnet-kafka-");
      return new TemporaryBroker(dir, KafkaBroker.start(BrokerSettings.onFreePorts(dir)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The address clients bootstrap from. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Stops the broker and deletes its folder. */
  @Override
  public void close() {
    broker.close();
    try {
      Folders.deleteRecursively(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
