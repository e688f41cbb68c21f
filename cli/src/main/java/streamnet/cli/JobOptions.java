package streamnet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.job.JobSettings;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobFactory;
import streamnet.job.TrainingJobSetup;

/**
 * The flags that define the Flink training job, the same the job's own main takes: {@code train}
 * hands them to the job's argument parser, so the local MiniCluster and a real cluster build the
 * job from one configuration.
 */
public final class JobOptions {
  @Mixin TrainingOptions training;
  @Mixin KafkaOptions kafka;

  @Mixin AveragingOptions averaging;

  @Mixin PrequentialOptions prequential;

  @Option(names = "--epoch-size", paramLabel = "N",
      description = "Examples per epoch, also the n of λ/n (default: ${DEFAULT-VALUE}, MNIST's training set).")
  int epochSize = 50_000;

  @Option(names = "--unbounded",
      description = "Keep reading the training topic for live data instead of stopping at its end.")
  boolean unbounded;

  @Option(names = "--live",
      description = "Train until stopped (Ctrl-C, or cluster stop-job and a later --from-savepoint): epochs become"
          + " windows of --epoch-size examples of the live training topic; no --epochs; early stopping and the"
          + " schedule's end do not stop it; latest.json and best.json are rewritten every window.")
  boolean live;

  @Option(names = "--serve",
      description = "Also answer the digits on <prefix>predict on <prefix>predictions with the run's newest model,"
          + " as ./streamnet serve does, while it trains.")
  boolean serve;

  @Option(names = "--checkpoint-interval", paramLabel = "SECONDS",
      description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds = 10;

  /** The job's settings; fails on flags that only train-local understands. */
  JobSettings settings() {
    return setup(Path.of("")).settings();
  }

  /** The job these flags describe, writing to the folder {@code run}. */
  TrainingJobSetup setup(Path run) {
    if (training.trainingSize != null || !training.expand.isEmpty()) {
      throw new IllegalArgumentException(
          "--training-size and --expand are train-local's; for train, the producer decides what is"
              + " streamed (./streamnet produce --expand ...)");
    }
    List<String> arguments = new ArrayList<>(training.toArguments());
    arguments.addAll(kafka.toArguments());
    arguments.addAll(averaging.toArguments());
    arguments.addAll(prequential.toArguments());
    arguments.addAll(List.of("--epoch-size", String.valueOf(epochSize),
        "--checkpoint-interval", String.valueOf(checkpointSeconds), "--run-dir", run.toString()));
    if (unbounded) {
      arguments.add("--unbounded");
    }
    if (live) {
      arguments.add("--live");
    }
    if (serve) {
      arguments.add("--serve");
    }
    return TrainingJobSetup.of(TrainingJobArguments.parse(arguments.toArray(String[]::new)), new Configuration());
  }

  /** Creates the job's topics and adds the job, writing metrics and models to the folder {@code run}, to {@code env}. */
  void addTo(StreamExecutionEnvironment env, Path run, PrintStream out) throws java.io.IOException {
    TrainingJobSetup setup = setup(run);
    out.println(kafka.describe());
    new TrainingJobFactory(setup).assemble(env);
    JobSettings settings = setup.settings();
    out.printf("training %s with P = %d, k = %d, %s averaging (max staleness s = %d), %d averager shard%s, run %s%n",
        settings.training().architecture(), settings.parallelism(), settings.averageEvery(),
        settings.mode().id(), settings.maxStaleness(), settings.averagers(), settings.averagers() == 1 ? "" : "s", run);
    if (setup.serve()) {
      out.printf("serving the run's newest model: %spredict -> %spredictions%n", setup.topicPrefix(), setup.topicPrefix());
    }
  }
}
