package streamnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./streamnet} command: one entry point for every subcommand. */
@Command(
    name = "streamnet",
    mixinStandardHelpOptions = true,
    version = "streamnet 0.1.0",
    description = "Trains Nielsen's network2 feed-forward networks on a Kafka stream with Apache Flink.",
    subcommands = {
      CommandLine.HelpCommand.class,
      FetchMnistCommand.class,
    })
public final class StreamnetCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamnetCli()).execute(args));
  }
}
