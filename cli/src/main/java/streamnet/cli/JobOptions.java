package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.job.AveragingMode;
import streamnet.job.JobSettings;
import streamnet.job.TrainingJob;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.job.sink.JsonLinesSink;
import streamnet.job.sink.ModelFileSink;
import streamnet.network.Network;

/**
 * The flags that define the Flink training job, and the one way to build it from them: shared by
 * {@code train} on the local MiniCluster and by {@link TrainingJobMain} on a real cluster, so both
 * start from the same configuration keys.
 */
public final class JobOptions {
  /** Consecutive failed checkpoints the job rides out before it restarts. */
  static final int TOLERABLE_CHECKPOINT_FAILURES = 3;

  @Mixin TrainingOptions training;
  @Mixin KafkaOptions kafka;

  @Mixin AveragingOptions averaging;

  @Option(names = "--epoch-size", paramLabel = "N",
      description = "Examples per epoch, also the n of λ/n (default: ${DEFAULT-VALUE}, MNIST's training set).")
  int epochSize = 50_000;

  @Option(names = "--unbounded",
      description = "Keep reading the training topic for live data instead of stopping at its end.")
  boolean unbounded;

  @Option(names = "--checkpoint-interval", paramLabel = "SECONDS",
      description = "Seconds between checkpoints (default: ${DEFAULT-VALUE}).")
  int checkpointSeconds = 10;

  /** The job's settings; fails on flags that only train-local understands. */
  JobSettings settings() {
    if (training.trainingSize != null || !training.expand.isEmpty()) {
      throw new IllegalArgumentException(
          "--training-size and --expand are train-local's; for train, the producer decides what is"
              + " streamed (./streamnet produce --expand ...)");
    }
    return new JobSettings(
        training.settings(epochSize), averaging.parallelism, averaging.averageEvery,
        AveragingMode.fromId(averaging.mode), epochSize);
  }

  /**
   * Creates the job's topics and adds the job, writing metrics and models to the folder {@code run},
   * to {@code env} with its parallelism and checkpoint interval.
   */
  void addTo(StreamExecutionEnvironment env, Path run, PrintStream out) throws IOException {
    JobSettings settings = settings();
    String runId = UUID.randomUUID().toString();
    KafkaEndpoints endpoints = new KafkaEndpoints(kafka.clients(), kafka.topicPrefix, runId,
        Network.zeros(settings.training().architecture()).parameterCount());
    out.println(kafka.describe());
    endpoints.createJobTopics();
    env.setParallelism(averaging.parallelism);
    env.enableCheckpointing(Duration.ofSeconds(checkpointSeconds).toMillis());
    // A checkpoint triggered while tasks start or finish can fail; that alone must not restart the job.
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(TOLERABLE_CHECKPOINT_FAILURES);
    new TrainingJob(settings, runId,
        endpoints.trainingSource(unbounded),
        endpoints.referenceSource(),
        endpoints.modelSource(System.currentTimeMillis()),
        endpoints.modelSink(),
        endpoints.deadLetterSink(),
        new JsonLinesSink(run.resolve(MetricsFollower.METRICS_FILE)),
        new ModelFileSink(run))
        .build(env);
    out.printf("training %s with P = %d, k = %d, %s averaging, run %s%n",
        settings.training().architecture(), averaging.parallelism, averaging.averageEvery,
        settings.mode().id(), run);
  }
}
