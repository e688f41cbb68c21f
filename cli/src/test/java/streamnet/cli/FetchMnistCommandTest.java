package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FetchMnistCommandTest {
  @TempDir Path temp;

  @Test
  void expectedErrorIsOneLineAndNonZeroExit() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new StreamnetCli()).setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "fetch-mnist", "--from", temp.toString(), "--dir", temp.resolve("mnist").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "fetch-mnist: train-images-idx3-ubyte not found in " + temp + System.lineSeparator());
  }
}
