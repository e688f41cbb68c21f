package streamnet.job;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ReadableConfig;
import streamnet.kafka.ClientProperties;
import streamnet.kafka.KafkaClients;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.drift.DriftDetection;
import streamnet.network.train.InitialModel;
import streamnet.network.train.PrequentialSettings;
import streamnet.network.train.TrainingSettings;

/**
 * Everything {@link TrainingJobFactory} needs to assemble one run: the operators' settings, where
 * Kafka is, whether the training topic is read forever ({@code --unbounded}, and every live run),
 * whether the job also serves predictions, checkpointing, and the run folder.
 */
public record TrainingJobSetup(
    JobSettings settings,
    String bootstrap,
    Map<String, String> kafkaProperties,
    Duration kafkaTimeout,
    String topicPrefix,
    boolean unbounded,
    boolean serve,
    Duration checkpointInterval,
    int tolerableCheckpointFailures,
    Path runDir) {

  /** The checkpoint interval when neither the flag nor Flink's configuration sets one. */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
  /**
   * Consecutive failed checkpoints the job rides out before it restarts, unless Flink's
   * configuration says otherwise: one triggered while tasks start or finish can fail, and that
   * alone must not restart the job.
   */
  public static final int DEFAULT_TOLERABLE_CHECKPOINT_FAILURES = 3;

  /**
   * The setup {@code job} (the {@link TrainingJobOptions}) describes, with parallelism and
   * checkpointing from {@code flink} where the job's flags leave them out.
   */
  public static TrainingJobSetup of(ReadableConfig job, ReadableConfig flink) {
    String runDir = job.getOptional(TrainingJobOptions.RUN_DIR)
        .orElseThrow(() -> new IllegalArgumentException("--run-dir is required: where models and metrics go"));
    int epochSize = job.get(TrainingJobOptions.EPOCH_SIZE);
    int parallelism = job.getOptional(TrainingJobOptions.PARALLELISM).orElse(flink.get(CoreOptions.DEFAULT_PARALLELISM));
    JobSettings settings = new JobSettings(training(job, epochSize), parallelism,
        job.get(TrainingJobOptions.AVERAGE_EVERY), AveragingMode.fromId(job.get(TrainingJobOptions.MODE)), epochSize,
        job.get(TrainingJobOptions.MAX_STALENESS),
        job.getOptional(TrainingJobOptions.AVERAGERS).orElse(JobSettings.defaultAveragers(parallelism)),
        prequential(job));
    Map<String, String> kafkaProperties = job.getOptional(TrainingJobOptions.KAFKA_CONFIG)
        .map(file -> load(Path.of(file))).orElse(Map.of());
    Duration checkpointInterval = job.getOptional(TrainingJobOptions.CHECKPOINT_INTERVAL).map(Duration::ofSeconds)
        .or(() -> flink.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL))
        .orElse(DEFAULT_CHECKPOINT_INTERVAL);
    return new TrainingJobSetup(settings, job.get(TrainingJobOptions.BOOTSTRAP), kafkaProperties,
        Duration.ofSeconds(job.get(TrainingJobOptions.TIMEOUT)), job.get(TrainingJobOptions.TOPIC_PREFIX),
        job.get(TrainingJobOptions.UNBOUNDED) || settings.training().live(), job.get(TrainingJobOptions.SERVE),
        checkpointInterval,
        flink.getOptional(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER).orElse(DEFAULT_TOLERABLE_CHECKPOINT_FAILURES),
        Path.of(runDir).toAbsolutePath());
  }

  /** Clients for the Kafka this run reads and writes. */
  public KafkaClients kafkaClients() {
    return new KafkaClients(bootstrap, kafkaProperties, kafkaTimeout);
  }

  /** The prequential window and drift detection of train-local's flags. */
  private static PrequentialSettings prequential(ReadableConfig job) {
    return new PrequentialSettings(job.get(TrainingJobOptions.PREQUENTIAL_WINDOW), new DriftDetection(
        DriftDetection.Method.fromId(job.get(TrainingJobOptions.DRIFT_DETECTION)),
        job.get(TrainingJobOptions.DRIFT_DELTA), job.get(TrainingJobOptions.DRIFT_THRESHOLD)));
  }

  /** The training settings of train-local's flags, for a training set of {@code epochSize} examples. */
  private static TrainingSettings training(ReadableConfig job, int epochSize) {
    int earlyStopping = job.get(TrainingJobOptions.EARLY_STOPPING);
    int schedule = job.get(TrainingJobOptions.SCHEDULE);
    if (earlyStopping > 0 && schedule > 0) {
      throw new IllegalArgumentException("choose --early-stopping or --schedule, not both");
    }
    Hyperparameters hyper = new Hyperparameters(job.get(TrainingJobOptions.ETA), job.get(TrainingJobOptions.LAMBDA),
        Regularization.fromId(job.get(TrainingJobOptions.REGULARIZATION)), job.get(TrainingJobOptions.MOMENTUM),
        job.get(TrainingJobOptions.DROPOUT), epochSize);
    TrainingSettings settings = new TrainingSettings(architecture(job),
        WeightInitializer.fromId(job.get(TrainingJobOptions.INIT)), hyper, job.get(TrainingJobOptions.MINI_BATCH),
        job.get(TrainingJobOptions.EPOCHS), schedule > 0 ? schedule : earlyStopping, schedule > 0,
        job.get(TrainingJobOptions.SEED));
    TrainingSettings run = job.get(TrainingJobOptions.LIVE) ? live(job, settings) : settings;
    return job.getOptional(TrainingJobOptions.INITIAL_MODEL)
        .map(file -> InitialModel.startFrom(run, Path.of(file))).orElse(run);
  }

  /** {@code settings} for a live run, which has no epoch limit to give. */
  private static TrainingSettings live(ReadableConfig job, TrainingSettings settings) {
    if (job.getOptional(TrainingJobOptions.EPOCHS).isPresent()) {
      throw new IllegalArgumentException("--live trains until it is stopped, in windows of --epoch-size examples;"
          + " it takes no --epochs");
    }
    return settings.asLive();
  }

  /** The network that {@code --sizes}, {@code --activation}, {@code --output} and {@code --cost} describe. */
  public static Architecture architecture(ReadableConfig job) {
    int[] sizes = Arrays.stream(list(job, TrainingJobOptions.SIZES)).mapToInt(Integer::parseInt).toArray();
    String[] hidden = list(job, TrainingJobOptions.ACTIVATION);
    int hiddenLayers = sizes.length - 2;
    if (hidden.length != 1 && hidden.length != hiddenLayers) {
      throw new IllegalArgumentException(
          "--activation takes one name or one per hidden layer (" + hiddenLayers + "), got " + hidden.length);
    }
    Activation[] activations = new Activation[sizes.length - 1];
    for (int l = 0; l < hiddenLayers; l++) {
      activations[l] = Activation.fromId(hidden[hidden.length == 1 ? 0 : l]);
    }
    activations[hiddenLayers] = Activation.fromId(job.get(TrainingJobOptions.OUTPUT));
    return new Architecture(sizes, activations, Cost.fromId(job.get(TrainingJobOptions.COST)));
  }

  private static String[] list(ReadableConfig job, ConfigOption<String> option) {
    return Arrays.stream(job.get(option).split(",")).map(String::trim).toArray(String[]::new);
  }

  private static Map<String, String> load(Path file) {
    try {
      return ClientProperties.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --kafka-config " + file + ": " + e.getMessage(), e);
    }
  }
}
