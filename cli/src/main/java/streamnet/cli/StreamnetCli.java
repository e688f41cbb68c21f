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
      TrainLocalCommand.class,
      FindEtaCommand.class,
      HyperSearchCommand.class,
      TrainCommand.class,
      DemoCommand.class,
      KafkaCommand.class,
      ClusterCommand.class,
      ProduceCommand.class,
      ServeCommand.class,
      PredictCommand.class,
    })
public final class StreamnetCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with streamnet's error handling: expected failures print one line, no trace. */
  public static CommandLine commandLine() {
    // Enum values in any case, as the training commands' string-valued --expand already takes them.
    return new CommandLine(new StreamnetCli())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(StreamnetCli::reportFailure);
  }

  private static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parsed)
      throws Exception {
    if (e instanceof IllegalArgumentException
        || e instanceof java.io.IOException
        || e instanceof java.io.UncheckedIOException
        || e instanceof IllegalStateException) {
      command.getErr().println(command.getCommandName() + ": " + message(e));
      return 1;
    }
    throw e;
  }

  private static String message(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException missing
        ? missing.getFile() + ": " + (missing.getReason() == null ? "no such file" : missing.getReason())
        : e.getMessage();
  }
}
