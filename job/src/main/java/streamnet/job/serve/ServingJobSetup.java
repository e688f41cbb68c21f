package streamnet.job.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ReadableConfig;
import streamnet.job.TrainingJobOptions;
import streamnet.job.TrainingJobSetup;
import streamnet.kafka.ClientProperties;
import streamnet.kafka.KafkaClients;
import streamnet.network.Architecture;
import streamnet.network.Network;
import streamnet.network.io.ModelFile;

/**
 * Everything {@link ServingJobFactory} needs: what is served (a model file, loaded by the strict
 * loader, or a run's model topic, with the architecture of {@code --sizes}, {@code --activation}
 * and {@code --output}), where Kafka is, the parallelism and checkpointing.
 */
public record ServingJobSetup(
    Architecture architecture,
    Optional<ModelSource> modelFile,
    Optional<String> runId,
    String bootstrap,
    Map<String, String> kafkaProperties,
    Duration kafkaTimeout,
    String topicPrefix,
    int parallelism,
    Duration checkpointInterval,
    int tolerableCheckpointFailures) {

  /** A model file and the network read from it. */
  public record ModelSource(Path path, Network network) {}

  /** The setup {@code job} (the {@link ServingJobOptions}) describes, with parallelism and checkpointing from {@code flink} where it leaves them out. */
  public static ServingJobSetup of(ReadableConfig job, ReadableConfig flink) {
    Optional<ModelSource> file = job.getOptional(ServingJobOptions.MODEL).map(ServingJobSetup::load);
    if (file.isPresent()) {
      if (job.getOptional(ServingJobOptions.RUN_ID).isPresent()) {
        throw new IllegalArgumentException("choose --model FILE or --run-id RUN, not both");
      }
      for (var option : new org.apache.flink.configuration.ConfigOption<?>[] {
          TrainingJobOptions.SIZES, TrainingJobOptions.ACTIVATION, TrainingJobOptions.OUTPUT}) {
        if (job.getOptional(option).isPresent()) {
          throw new IllegalArgumentException("--" + option.key() + " does not go with --model: the model file names its"
              + " architecture");
        }
      }
    }
    Architecture architecture = file.map(model -> model.network().architecture())
        .orElseGet(() -> TrainingJobSetup.architecture(job));
    Map<String, String> kafkaProperties = job.getOptional(TrainingJobOptions.KAFKA_CONFIG)
        .map(path -> properties(Path.of(path))).orElse(Map.of());
    Duration checkpointInterval = job.getOptional(TrainingJobOptions.CHECKPOINT_INTERVAL).map(Duration::ofSeconds)
        .or(() -> flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .orElse(TrainingJobSetup.DEFAULT_CHECKPOINT_INTERVAL);
    return new ServingJobSetup(architecture, file, job.getOptional(ServingJobOptions.RUN_ID),
        job.get(TrainingJobOptions.BOOTSTRAP), kafkaProperties, Duration.ofSeconds(job.get(TrainingJobOptions.TIMEOUT)),
        job.get(TrainingJobOptions.TOPIC_PREFIX),
        job.getOptional(TrainingJobOptions.PARALLELISM).orElse(flink.get(CoreOptions.DEFAULT_PARALLELISM)),
        checkpointInterval,
        flink.getOptional(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)
            .orElse(TrainingJobSetup.DEFAULT_TOLERABLE_CHECKPOINT_FAILURES));
  }

  /** Clients for the Kafka this job reads and writes. */
  public KafkaClients kafkaClients() {
    return new KafkaClients(bootstrap, kafkaProperties, kafkaTimeout);
  }

  private static ModelSource load(String path) {
    Path file = Path.of(path);
    try {
      return new ModelSource(file, ModelFile.read(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --model " + file + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, String> properties(Path file) {
    try {
      return ClientProperties.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e.getMessage(), e);
    }
  }
}
