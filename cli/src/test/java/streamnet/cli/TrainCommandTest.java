package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** train --cluster hands the cluster's job main the job flags as the user gave them, and nothing else. */
class TrainCommandTest {

  @Test
  void passesTheJobFlagsAsGivenWithoutTheClientsOwn() {
    CommandLine.ParseResult parsed = StreamnetCli.commandLine().parseArgs("train", "--cluster",
        "--jobmanager", "flink:8081", "--epochs", "3", "--sizes", "784,30,10", "--unbounded",
        "--bootstrap", "kafka:9092", "--detach", "--run-dir", "/elsewhere", "--parallelism", "3");
    TrainCommand train = parsed.subcommand().commandSpec().commandLine().getCommand();

    List<String> arguments = train.clusterArguments(Path.of("/runs/a"));

    assertThat(arguments).containsExactly("--epochs", "3", "--sizes", "784,30,10", "--unbounded",
        "--bootstrap", "kafka:9092", "--parallelism", "3", "--run-dir", "/runs/a");
    TrainingJobMain main = new TrainingJobMain();
    new CommandLine(main).parseArgs(arguments.toArray(String[]::new));
    assertThat(main.job.settings().parallelism()).isEqualTo(3);
    assertThat(main.job.unbounded).isTrue();
    assertThat(main.runDir).isEqualTo(Path.of("/runs/a"));
  }
}
