package streamnet.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import streamnet.job.JobSettings;

/**
 * How the Flink job parallelizes and averages: P workers, every k mini-batches, sync or delayed,
 * the staleness bound s of delayed mode, and the number of averager shards.
 */
public final class AveragingOptions {

  @Option(names = "--parallelism", description = "Number of workers P (default: ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--average-every", paramLabel = "K",
      description = "Mini-batches each worker trains between averages (default: ${DEFAULT-VALUE}).")
  int averageEvery = 10;

  // Delayed by default: its workers never wait for an average, sync ones do for most of each round
  // (docs/performance.md); sync stays for exact one-process SGD semantics.
  @Option(names = "--mode", paramLabel = "sync|delayed",
      description = "delayed: workers keep training and fold each average in; sync: they wait for it,"
          + " buffering their input (default: ${DEFAULT-VALUE}).")
  String mode = "delayed";

  @Option(names = "--max-staleness", paramLabel = "S",
      description = "Delayed mode: a worker trains at most S times K mini-batches past the last average it"
          + " followed, then waits for the next (default: ${DEFAULT-VALUE}).")
  int maxStaleness = 50;

  @Option(names = "--averagers", paramLabel = "S",
      description = "Averager shards, each averaging a slice of the parameters (default: one per "
          + JobSettings.WORKERS_PER_AVERAGER + " workers).")
  Integer averagers;

  /** These options as command-line flags, to hand them to another subcommand. */
  List<String> toArguments() {
    List<String> arguments = new ArrayList<>(List.of("--parallelism", String.valueOf(parallelism),
        "--average-every", String.valueOf(averageEvery), "--mode", mode,
        "--max-staleness", String.valueOf(maxStaleness)));
    if (averagers != null) {
      arguments.addAll(List.of("--averagers", String.valueOf(averagers)));
    }
    return arguments;
  }
}
