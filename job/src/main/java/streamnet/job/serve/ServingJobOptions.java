package streamnet.job.serve;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import streamnet.job.TrainingJobOptions;

/**
 * The serving job's configuration, one option per flag of {@link ServingJob#main}: the key is the
 * flag's name without {@code --}. The flags it shares with the training job are the training job's
 * options, defaults included (parallelism and checkpoint interval fall back to Flink's
 * configuration, as there).
 */
public final class ServingJobOptions {
  private ServingJobOptions() {}

  public static final ConfigOption<String> MODEL = key("model").stringType().noDefaultValue()
      .withDescription("Serve this model file (network2 JSON, as train and train-local write) instead of a run's "
          + "model topic; its architecture is the file's.");
  public static final ConfigOption<String> RUN_ID = key("run-id").stringType().noDefaultValue()
      .withDescription("Follow this training run's versions on the model topic; without it, the run that "
          + "published last when the serving job starts.");

  /** Every option, in the order the usage lists them. */
  public static final List<ConfigOption<?>> ALL = List.of(
      MODEL, RUN_ID, TrainingJobOptions.SIZES, TrainingJobOptions.ACTIVATION, TrainingJobOptions.OUTPUT,
      TrainingJobOptions.BOOTSTRAP, TrainingJobOptions.TOPIC_PREFIX, TrainingJobOptions.KAFKA_CONFIG,
      TrainingJobOptions.TIMEOUT, TrainingJobOptions.PARALLELISM, TrainingJobOptions.CHECKPOINT_INTERVAL);
}
