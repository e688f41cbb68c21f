package streamnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./streamnet kafka start|stop|status}: a local single-node Kafka broker for streamnet. */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = "Runs a local Apache Kafka broker (KRaft, one node, 127.0.0.1) in the background.",
    subcommands = {KafkaStartCommand.class, KafkaStopCommand.class, KafkaStatusCommand.class})
final class KafkaCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
