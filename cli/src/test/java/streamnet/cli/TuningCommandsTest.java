package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** find-eta and hyper-search end to end on generated IDX files. */
class TuningCommandsTest {
  @TempDir Path temp;
  private Path data;

  @BeforeEach
  void writeData() throws Exception {
    data = TinyMnist.write(temp, 120, 20);
  }

  /** Runs the CLI and returns its exit status and standard output. */
  private static Run run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int exit = StreamnetCli.commandLine().setErr(new PrintWriter(err)).execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  private record Run(int exit, String out, String err) {}

  @Test
  void findEtaPrintsOneRowPerProbeAndRecommendsHalfTheThreshold() {
    Run run = run("find-eta", "--data", data.toString(), "--sizes", "784,10,10", "--lambda", "0.1",
        "--probe-epochs", "2", "--from", "0.01", "--max-eta", "100000");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("on 100 training images");
    assertThat(run.out().lines().filter(line -> line.matches("\\s+0\\.01000 .*decreases"))).hasSize(1);
    assertThat(run.out()).containsPattern("recommended η = threshold / 2 = [0-9.e+-]+");
  }

  @Test
  void hyperSearchPrintsEveryTrialThenTheRankedTable() {
    Run run = run("hyper-search", "--data", data.toString(), "--trials", "3", "--epochs", "4",
        "--hidden-range", "5,12", "--seed", "4");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("trial 1/3", "trial 2/3", "trial 3/3", HyperSearchCommand.header());
    String[] table = run.out().substring(run.out().indexOf(HyperSearchCommand.header())).split("\\R");
    assertThat(table).hasSize(4);
    assertThat(table[1]).startsWith("   1  ");
    assertThat(table[3]).startsWith("   3  ");
  }

  @Test
  void aRangeWithoutTwoValuesIsAOneLineError() {
    Run run = run("hyper-search", "--data", data.toString(), "--eta-range", "0.1,1,10");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo(
        "hyper-search: --eta-range takes two values, MIN,MAX; got 3" + System.lineSeparator());
  }
}
