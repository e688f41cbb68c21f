package streamnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import streamnet.cluster.ClusterSettings;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.LearningCurves;
import streamnet.network.train.MetricsLog;
import streamnet.job.Coordinator;

/** {@code streamnet train}: the Flink training job on the stream in Kafka. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains on the examples in Kafka with the Flink job: P workers train replicas on"
        + " round-robin shares of the training topic and a parameter-averaging operator merges them"
        + " every k mini-batches. Runs on a local Flink MiniCluster with the dashboard by default, on"
        + " a Flink cluster with --cluster. Stream the data first with ./streamnet produce.")
public final class TrainCommand implements Callable<Integer> {

  @Mixin JobOptions job;
  @Spec CommandSpec spec;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where models, metrics and checkpoints go (default: runs/<date-time>).")
  Path runDir;

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "Also write the metrics JSON lines to FILE (they always go to the run folder).")
  Path metrics;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Also copy the best model (network2-compatible JSON) to FILE.")
  Path save;

  @Option(names = "--plot", paramLabel = "DIR",
      description = "Write learning curves (accuracy.png, cost.png) of the run's metrics into DIR once the job ends.")
  Path plot;

  @Option(names = "--web-ui-port", paramLabel = "PORT",
      description = "Port of the local Flink dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int webUiPort = ClusterSettings.DEFAULT_REST_PORT;

  @Option(names = "--cluster",
      description = "Submit the job jar to a running Flink cluster (./streamnet cluster start) instead of"
          + " running a local MiniCluster.")
  boolean cluster;

  @Mixin JobManagerOptions jobManager;

  @Option(names = "--from-savepoint", paramLabel = "PATH",
      description = "With --cluster: start from this savepoint or retained checkpoint (e.g. with another --parallelism).")
  String fromSavepoint;

  @Option(names = "--detach",
      description = "With --cluster: return once the job is submitted instead of following it to its end.")
  boolean detach;

  @Option(names = "--job-jar", paramLabel = "FILE",
      description = "With --cluster: the shaded job jar (default: the build's, in job/target/).")
  Path jobJar;

  @Override
  public Integer call() throws Exception {
    job.settings();
    Path run = (runDir != null ? runDir : StreamnetHome.newRun("")).toAbsolutePath();
    Files.createDirectories(run);
    boolean succeeded;
    if (cluster) {
      succeeded = new ClusterRunner(jobManager.rest(), run).run(jobJar != null ? jobJar : JobJar.defaultPath(),
          clusterArguments(run), Optional.ofNullable(fromSavepoint), !detach, System.out) == 0;
    } else {
      requireLocalOnly();
      succeeded = new LocalRunner(run, webUiPort).run(job, System.out).succeeded();
    }
    writeResults(run);
    Optional<String> divergence = MetricsLog.readDivergence(run.resolve(MetricsFollower.METRICS_FILE));
    if (divergence.isPresent()) {
      System.err.println("train: " + divergence.get());
      return TrainLocalCommand.DIVERGED;
    }
    return succeeded ? 0 : 1;
  }

  /**
   * The job flags as given on this command line, for the job main on the cluster, plus the run
   * folder, and --parallelism also when left out: this command's default, not the cluster's
   * parallelism.default, is the number of workers.
   */
  List<String> clusterArguments(Path run) {
    Set<OptionSpec> jobFlags = Set.copyOf(spec.mixins().get("job").options());
    List<String> arguments = new ArrayList<>();
    ParseResult parsed = spec.commandLine().getParseResult();
    for (OptionSpec option : parsed.matchedOptions()) {
      if (jobFlags.contains(option)) {
        List<String> values = option.arity().max() == 0 ? List.of() : option.originalStringValues();
        if (values.isEmpty()) {
          arguments.add(option.longestName());
        }
        values.forEach(value -> arguments.addAll(List.of(option.longestName(), value)));
      }
    }
    if (!parsed.hasMatchedOption("--parallelism")) {
      arguments.addAll(List.of("--parallelism", String.valueOf(job.averaging.parallelism)));
    }
    arguments.addAll(List.of("--run-dir", run.toString()));
    return arguments;
  }

  private void requireLocalOnly() {
    if (fromSavepoint != null || detach || jobJar != null) {
      throw new IllegalArgumentException("--from-savepoint, --detach and --job-jar need --cluster");
    }
  }

  /** Copies the metrics and the best model where --metrics and --save ask, and plots the learning curves into --plot. */
  void writeResults(Path run) throws IOException {
    if (metrics != null && Files.exists(run.resolve(MetricsFollower.METRICS_FILE))) {
      copy(run.resolve(MetricsFollower.METRICS_FILE), metrics);
      System.out.println("metrics written to " + metrics);
    }
    if (save != null && Files.exists(run.resolve(Coordinator.BEST_MODEL))) {
      copy(run.resolve(Coordinator.BEST_MODEL), save);
      System.out.println("model written to " + save);
    }
    if (plot != null && Files.exists(run.resolve(MetricsFollower.METRICS_FILE))) {
      List<EpochMetrics> history = MetricsLog.readEpochs(run.resolve(MetricsFollower.METRICS_FILE));
      if (!history.isEmpty()) {
        System.out.println("learning curves: " + LearningCurves.write(history, plot, "streamnet train"));
      }
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Path parent = to.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

}
