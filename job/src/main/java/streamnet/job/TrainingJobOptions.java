package streamnet.job;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import streamnet.network.drift.DriftDetection;
import streamnet.network.train.PrequentialSettings;

/**
 * The training job's configuration, one option per flag of {@link TrainingJob#main}: the key is
 * the flag's name without {@code --}, the default is the one {@code ./streamnet train} shows. The
 * workers' parallelism and the checkpoint interval have no default here: without the flag they
 * come from Flink's configuration ({@code parallelism.default}, {@code execution.checkpointing.*}),
 * see {@link TrainingJobSetup}.
 */
public final class TrainingJobOptions {
  private TrainingJobOptions() {}

  public static final ConfigOption<String> SIZES = key("sizes").stringType().defaultValue("784,30,10")
      .withDescription("Layer sizes, input first, comma-separated.");
  public static final ConfigOption<String> ACTIVATION = key("activation").stringType().defaultValue("sigmoid")
      .withDescription("Hidden-layer neurons (sigmoid, tanh, relu): one for all hidden layers or one per hidden layer.");
  public static final ConfigOption<String> OUTPUT = key("output").stringType().defaultValue("sigmoid")
      .withDescription("Output neurons: sigmoid, softmax or linear.");
  public static final ConfigOption<String> COST = key("cost").stringType().defaultValue("cross-entropy")
      .withDescription("quadratic, cross-entropy or log-likelihood.");
  public static final ConfigOption<String> INIT = key("init").stringType().defaultValue("default")
      .withDescription("Weight initialization: default = N(0, 1/n_in), large = N(0, 1).");
  public static final ConfigOption<Double> ETA = key("eta").doubleType().defaultValue(0.5)
      .withDescription("Learning rate η.");
  public static final ConfigOption<Double> LAMBDA = key("lambda").doubleType().defaultValue(5.0)
      .withDescription("Regularization parameter λ.");
  public static final ConfigOption<String> REGULARIZATION = key("regularization").stringType().defaultValue("l2")
      .withDescription("l2, l1 or none.");
  public static final ConfigOption<Double> MOMENTUM = key("momentum").doubleType().defaultValue(0.0)
      .withDescription("Momentum coefficient μ; 0 is plain SGD.");
  public static final ConfigOption<Double> DROPOUT = key("dropout").doubleType().defaultValue(0.0)
      .withDescription("Probability of dropping each hidden neuron during training.");
  public static final ConfigOption<Integer> MINI_BATCH = key("mini-batch").intType().defaultValue(10)
      .withDescription("Mini-batch size.");
  public static final ConfigOption<Integer> EPOCHS = key("epochs").intType().defaultValue(30)
      .withDescription("Maximum number of epochs.");
  public static final ConfigOption<Integer> EARLY_STOPPING = key("early-stopping").intType().defaultValue(0)
      .withDescription("Stop after N epochs without a better validation accuracy; 0 = off.");
  public static final ConfigOption<Integer> SCHEDULE = key("schedule").intType().defaultValue(0)
      .withDescription("Halve η after N epochs without a better validation accuracy, stop at η/128; 0 = off.");
  public static final ConfigOption<Long> SEED = key("seed").longType().defaultValue(1L)
      .withDescription("Seed for initialization, shuffling and dropout.");
  public static final ConfigOption<Integer> PREQUENTIAL_WINDOW = key("prequential-window").intType()
      .defaultValue(PrequentialSettings.DEFAULT_WINDOW)
      .withDescription("Examples in the sliding window of the prequential accuracy and cost (whole rounds: at least "
          + "this many).");
  public static final ConfigOption<String> DRIFT_DETECTION = key("drift-detection").stringType()
      .defaultValue(DriftDetection.DEFAULT_METHOD.id())
      .withDescription("Drift detector on the prequential error: page-hinkley or off. A drift restarts the η "
          + "schedule and the early-stopping patience.");
  public static final ConfigOption<Double> DRIFT_DELTA = key("drift-delta").doubleType()
      .defaultValue(DriftDetection.DEFAULT_DELTA)
      .withDescription("Page-Hinkley δ: the rise of the error that is tolerated.");
  public static final ConfigOption<Double> DRIFT_THRESHOLD = key("drift-threshold").doubleType()
      .defaultValue(DriftDetection.DEFAULT_THRESHOLD)
      .withDescription("Page-Hinkley λ: the evidence a drift needs.");
  public static final ConfigOption<String> BOOTSTRAP = key("bootstrap").stringType().defaultValue("127.0.0.1:9092")
      .withDescription("Kafka bootstrap servers.");
  public static final ConfigOption<String> TOPIC_PREFIX = key("topic-prefix").stringType().defaultValue("mnist-")
      .withDescription("Topic names start with this.");
  public static final ConfigOption<String> KAFKA_CONFIG = key("kafka-config").stringType().noDefaultValue()
      .withDescription("A file of Kafka client properties (SASL, TLS, ...), passed as they are.");
  public static final ConfigOption<Integer> TIMEOUT = key("timeout").intType().defaultValue(15)
      .withDescription("Seconds to wait for an unreachable Kafka before failing.");
  public static final ConfigOption<Integer> PARALLELISM = key("parallelism").intType().noDefaultValue()
      .withDescription("Number of workers P; without it, Flink's parallelism.default.");
  public static final ConfigOption<Integer> AVERAGE_EVERY = key("average-every").intType().defaultValue(10)
      .withDescription("Mini-batches each worker trains between averages.");
  public static final ConfigOption<String> MODE = key("mode").stringType().defaultValue("delayed")
      .withDescription("delayed: workers keep training and fold each average in; sync: they wait for it.");
  // 50: on this 2-core machine (demo, P = 2, k = 10) a bound of 2 rounds made workers wait 69-72 %
  // of the time (19,551 examples/s), 10 rounds 32-40 % (33,654), 50 rounds 0-5 % (50,230, as fast
  // as without a bound): versions reach a worker far less evenly than every k mini-batches. 50
  // rounds still bound a straggler's effect to a tenth of an MNIST epoch at P = 2.
  public static final ConfigOption<Integer> MAX_STALENESS = key("max-staleness").intType().defaultValue(50)
      .withDescription("Delayed mode: a worker trains at most S times --average-every mini-batches past the last "
          + "average it followed, then waits for the next.");
  public static final ConfigOption<Integer> AVERAGERS = key("averagers").intType().noDefaultValue()
      .withDescription("Averager shards S, each averaging a slice of the parameters; without it, one per "
          + JobSettings.WORKERS_PER_AVERAGER + " workers.");
  public static final ConfigOption<Integer> EPOCH_SIZE = key("epoch-size").intType().defaultValue(50_000)
      .withDescription("Examples per epoch, also the n of λ/n.");
  public static final ConfigOption<Boolean> UNBOUNDED = key("unbounded").booleanType().defaultValue(false)
      .withDescription("Keep reading the training topic for live data instead of stopping at its end.");
  public static final ConfigOption<Boolean> LIVE = key("live").booleanType().defaultValue(false)
      .withDescription("Train on the live training topic until stopped: epochs are windows of --epoch-size examples, "
          + "with no epoch limit (so no --epochs); early stopping and the schedule's end do not stop the run.");
  public static final ConfigOption<String> INITIAL_MODEL = key("initial-model").stringType().noDefaultValue()
      .withDescription("Start from this network2 JSON model file instead of fresh parameters; it must have the "
          + "run's --sizes, --activation, --output and --cost.");
  public static final ConfigOption<Boolean> SERVE = key("serve").booleanType().defaultValue(false)
      .withDescription("Also answer the unlabeled examples on <prefix>predict on <prefix>predictions with this run's "
          + "newest global model, with the serving job's operators, one instance per worker.");
  public static final ConfigOption<Integer> CHECKPOINT_INTERVAL = key("checkpoint-interval").intType().noDefaultValue()
      .withDescription("Seconds between checkpoints; without it, Flink's execution.checkpointing.interval, else "
          + TrainingJobSetup.DEFAULT_CHECKPOINT_INTERVAL.toSeconds() + ".");
  public static final ConfigOption<String> RUN_DIR = key("run-dir").stringType().noDefaultValue()
      .withDescription("Where models and metrics go (required): a folder every TaskManager can write.");

  /** Every option, in the order the usage lists them. */
  public static final List<ConfigOption<?>> ALL = List.of(
      SIZES, ACTIVATION, OUTPUT, COST, INIT, ETA, LAMBDA, REGULARIZATION, MOMENTUM, DROPOUT, MINI_BATCH, EPOCHS,
      EARLY_STOPPING, SCHEDULE, SEED, PREQUENTIAL_WINDOW, DRIFT_DETECTION, DRIFT_DELTA, DRIFT_THRESHOLD, BOOTSTRAP,
      TOPIC_PREFIX, KAFKA_CONFIG, TIMEOUT, PARALLELISM, AVERAGE_EVERY, MODE, MAX_STALENESS, AVERAGERS, EPOCH_SIZE,
      UNBOUNDED, LIVE, INITIAL_MODEL, SERVE, CHECKPOINT_INTERVAL, RUN_DIR);
}
