package streamnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import streamnet.producer.broker.BrokerSettings;

/** The options that say which local broker a {@code kafka} subcommand means. */
final class BrokerOptions {

  @Option(names = "--port", defaultValue = "" + BrokerSettings.DEFAULT_PORT, description = "Client port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--controller-port", description = "KRaft controller port (default: the client port + 1).")
  Integer controllerPort;

  @Option(names = "--dir", description = "Broker folder: config, data, broker.log, broker.pid (default: $STREAMNET_HOME/runs/kafka).")
  Path dir;

  /** The broker folder, defaulting under STREAMNET_HOME. */
  Path dir() {
    if (dir != null) {
      return dir.toAbsolutePath();
    }
    return StreamnetHome.runs("kafka");
  }

  /** The settings these options describe. */
  BrokerSettings settings() {
    BrokerSettings settings = BrokerSettings.of(dir(), port);
    return controllerPort == null ? settings : settings.withControllerPort(controllerPort);
  }
}
