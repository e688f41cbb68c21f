package streamnet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import streamnet.kafka.ClientProperties;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;

/** How every subcommand that talks to Kafka finds it: the same flag names for produce and train. */
public final class KafkaOptions {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties (SASL, TLS, ...) passed as they are; secrets are never printed.")
  Path kafkaConfig;

  @Option(names = "--timeout", defaultValue = "15",
      description = "Seconds to wait for an unreachable Kafka before failing (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--topic-prefix", defaultValue = TopicSettings.DEFAULT_PREFIX,
      description = "Topic names start with this (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  /** The client properties from --kafka-config, or none. */
  Map<String, String> clientProperties() throws IOException {
    return kafkaConfig == null ? Map.of() : ClientProperties.load(kafkaConfig);
  }

  /** Kafka clients for these options. */
  KafkaClients clients() throws IOException {
    return new KafkaClients(bootstrap, clientProperties(), Duration.ofSeconds(timeoutSeconds));
  }

  /** These options as the training job's flags. */
  List<String> toArguments() {
    List<String> arguments = new ArrayList<>(List.of("--bootstrap", bootstrap, "--topic-prefix", topicPrefix,
        "--timeout", String.valueOf(timeoutSeconds)));
    if (kafkaConfig != null) {
      arguments.addAll(List.of("--kafka-config", kafkaConfig.toString()));
    }
    return arguments;
  }

  /** A one-line description for the terminal, with secrets redacted. */
  String describe() throws IOException {
    Map<String, String> properties = clientProperties();
    return "Kafka at " + bootstrap
        + (properties.isEmpty() ? "" : " with " + ClientProperties.redacted(properties));
  }
}
