package streamnet.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.job.Averager;
import streamnet.job.AveragingMode;
import streamnet.job.JobSettings;
import streamnet.job.TrainingJob;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.job.sink.JsonLinesSink;
import streamnet.job.sink.ModelFileSink;
import streamnet.network.Network;

/** {@code streamnet train}: the Flink training job on the stream in Kafka. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Trains on the examples in Kafka with the Flink job: P workers train replicas on"
        + " round-robin shares of the training topic and a parameter-averaging operator merges them"
        + " every k mini-batches. Runs on a local Flink MiniCluster with the dashboard by default."
        + " Stream the data first with ./streamnet produce.")
public final class TrainCommand implements Callable<Integer> {

  @Mixin TrainingOptions training;
  @Mixin KafkaOptions kafka;

  @Option(names = "--parallelism", description = "Number of workers P (default: ${DEFAULT-VALUE}).")
  int parallelism = 2;

  @Option(names = "--average-every", paramLabel = "K",
      description = "Mini-batches each worker trains between averages (default: ${DEFAULT-VALUE}).")
  int averageEvery = 10;

  @Option(names = "--mode", paramLabel = "sync|delayed",
      description = "sync: workers wait for each average; delayed: they keep training and fold it in"
          + " (default: ${DEFAULT-VALUE}).")
  String mode = "sync";

  @Option(names = "--epoch-size", paramLabel = "N",
      description = "Examples per epoch, also the n of λ/n (default: ${DEFAULT-VALUE}, MNIST's training set).")
  int epochSize = 50_000;

  @Option(names = "--unbounded",
      description = "Keep reading the training topic for live data instead of stopping at its end.")
  boolean unbounded;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where models, metrics and checkpoints go (default: runs/<date-time>).")
  Path runDir;

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "Also write the metrics JSON lines to FILE (they always go to the run folder).")
  Path metrics;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Also copy the best model (network2-compatible JSON) to FILE.")
  Path save;

  @Option(names = "--checkpoint-interval", paramLabel = "SECONDS",
      description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds = 10;

  @Option(names = "--web-ui-port", paramLabel = "PORT",
      description = "Port of the local Flink dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int webUiPort = 8081;

  @Override
  public Integer call() throws Exception {
    if (training.trainingSize != null || !training.expand.isEmpty()) {
      throw new IllegalArgumentException(
          "--training-size and --expand are train-local's; for train, the producer decides what is"
              + " streamed (./streamnet produce --expand ...)");
    }
    JobSettings settings = new JobSettings(
        training.settings(epochSize), parallelism, averageEvery, AveragingMode.fromId(mode), epochSize);
    String runId = UUID.randomUUID().toString();
    Path run = (runDir != null ? runDir : LocalRunner.newRunFolder("")).toAbsolutePath();
    Files.createDirectories(run);
    KafkaEndpoints endpoints = new KafkaEndpoints(kafka.clients(), kafka.topicPrefix, runId,
        Network.zeros(settings.training().architecture()).parameterCount());
    System.out.println(kafka.describe());
    endpoints.createJobTopics();
    TrainingJob job = new TrainingJob(settings, runId,
        endpoints.trainingSource(unbounded),
        endpoints.referenceSource(),
        endpoints.modelSource(System.currentTimeMillis()),
        endpoints.modelSink(),
        endpoints.deadLetterSink(),
        new JsonLinesSink(run.resolve(LocalRunner.METRICS_FILE)),
        new ModelFileSink(run));
    System.out.printf("training %s with P = %d, k = %d, %s averaging, run %s%n",
        settings.training().architecture(), parallelism, averageEvery, settings.mode().id(), run);
    LocalRunner.Outcome outcome =
        new LocalRunner(run, parallelism, checkpointSeconds, webUiPort).run(job, System.out);
    copyResults(run);
    return outcome.succeeded() ? 0 : 1;
  }

  private void copyResults(Path run) throws IOException {
    if (metrics != null && Files.exists(run.resolve(LocalRunner.METRICS_FILE))) {
      copy(run.resolve(LocalRunner.METRICS_FILE), metrics);
      System.out.println("metrics written to " + metrics);
    }
    if (save != null && Files.exists(run.resolve(Averager.BEST_MODEL))) {
      copy(run.resolve(Averager.BEST_MODEL), save);
      System.out.println("model written to " + save);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    Path parent = to.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }
}
