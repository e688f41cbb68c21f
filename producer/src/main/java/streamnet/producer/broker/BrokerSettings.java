package streamnet.producer.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how a local broker runs: its folder (config, data, log, pid file), its client port
 * and its controller port, both on {@link #HOST}.
 */
public record BrokerSettings(Path dir, int port, int controllerPort, int heapMegabytes, Duration startTimeout) {

  /** The only interface the broker listens on. */
  public static final String HOST = "127.0.0.1";

  /** The client (PLAINTEXT) port when none is given. */
  public static final int DEFAULT_PORT = 9092;

  /** Heap of the broker JVM; it stays around 320 MB resident with this. */
  public static final int DEFAULT_HEAP_MEGABYTES = 512;

  /** How long a start may take before it is given up; it usually takes 2 to 8 seconds. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  /** Settings with the defaults, the controller on the port after the client port. */
  public static BrokerSettings of(Path dir, int port) {
    return new BrokerSettings(dir, port, port + 1, DEFAULT_HEAP_MEGABYTES, DEFAULT_START_TIMEOUT);
  }

  /** Settings with the defaults on two ports that are free right now. */
  public static BrokerSettings onFreePorts(Path dir) {
    return of(dir, freePort()).withControllerPort(freePort());
  }

  /** The same settings with another controller port. */
  public BrokerSettings withControllerPort(int newControllerPort) {
    return new BrokerSettings(dir, port, newControllerPort, heapMegabytes, startTimeout);
  }

  /** The address clients bootstrap from, e.g. {@code 127.0.0.1:9092}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** A port on {@link #HOST} that nothing listens on right now. */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
