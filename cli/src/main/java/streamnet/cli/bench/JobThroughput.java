package streamnet.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import streamnet.cli.StreamnetCli;
import streamnet.job.AveragingMode;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobFactory;
import streamnet.job.TrainingJobSetup;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.network.io.Folders;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.MetricsLog;
import streamnet.network.train.TrainingRun;
import streamnet.network.train.TrainingSettings;
import streamnet.producer.broker.TemporaryBroker;

/**
 * End-to-end throughput of the training job (Kafka → workers → averaged model) against the
 * single-process core on the same machine in the same run. Streams MNIST once into a temporary
 * broker, then trains every configuration on a local MiniCluster and prints one row each:
 * examples/s over the epochs after the first (the first pays for JIT and start-up), the share of
 * worker time spent waiting for averages, the validation accuracy of the last and of the best
 * epoch, the test accuracy of the best model, and how busy the JIT compilers were meanwhile.
 * Flink's and Kafka's code keeps the compilers busy for several jobs (up to half a core on this
 * machine), a cost a long-running job pays once; so before the table, a delayed-mode job of the
 * first network at the largest P and k runs unrecorded until the compilers work less than
 * {@value #SETTLED_JIT_PERCENT} % of a core during it (at most {@value #MAX_WARM_UP_JOBS} times; they
 * settle at 10–30 %, what every new job costs them). The warm-up speeds are printed, so the cold
 * cost stays visible.
 *
 * <p>Usage: {@code JobThroughput EPOCHS SIZES[;SIZES...] P[,P] K[,K] MODE[,MODE]}, e.g.
 * {@code JobThroughput 3 784,30,10;784,100,10 1,2 1,10,50 sync,delayed}.
 */
public final class JobThroughput {
  private static final String PREFIX = "bench-";
  private static final int MAX_WARM_UP_JOBS = 6;
  private static final int SETTLED_JIT_PERCENT = 30;
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  /** One row of the table. */
  record Row(String network, String how, double examplesPerSecond, double waitShare, double lastValidation,
      double bestValidation, double test, double jitShare) {

    static Row of(String network, String how, double waitShare, List<EpochMetrics> history, double test) {
      return new Row(network, how, afterFirstEpoch(history), waitShare,
          history.get(history.size() - 1).validationAccuracy(),
          history.stream().mapToDouble(EpochMetrics::validationAccuracy).max().orElseThrow(), test, Double.NaN);
    }

    Row withJitShare(double share) {
      return new Row(network, how, examplesPerSecond, waitShare, lastValidation, bestValidation, test, share);
    }
  }

  public static void main(String[] args) throws Exception {
    int epochs = Integer.parseInt(args[0]);
    List<int[]> networks = new ArrayList<>();
    for (String sizes : args[1].split(";")) {
      networks.add(java.util.Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray());
    }
    int[] parallelisms = ints(args[2]);
    int[] ks = ints(args[3]);
    String[] modes = args[4].split(",");
    Path mnist = MnistFetcher.ensure(MnistData.defaultDir());
    MnistData data = MnistData.load(mnist);
    System.out.printf("machine: %d cores; %d epochs of 50,000 per run, mini-batch 10%n",
        Runtime.getRuntime().availableProcessors(), epochs);
    List<Row> rows = new ArrayList<>();
    try (TemporaryBroker broker = TemporaryBroker.start()) {
      int produced = StreamnetCli.commandLine().execute("produce", "--bootstrap", broker.bootstrapServers(),
          "--topic-prefix", PREFIX, "--epochs", String.valueOf(epochs), "--data", mnist.toString());
      if (produced != 0) {
        throw new IllegalStateException("producing failed: exit " + produced);
      }
      String bootstrap = broker.bootstrapServers();
      for (int w = 1; w <= MAX_WARM_UP_JOBS; w++) {
        Row warmUp = withJit(() -> trainOnFlink(networks.get(0), epochs, parallelisms[parallelisms.length - 1],
            ks[ks.length - 1], AveragingMode.DELAYED, bootstrap));
        System.out.printf("warm-up %d (not in the table): %s %s %,.0f examples/s, JIT %.0f %% of a core%n",
            w, warmUp.network, warmUp.how, warmUp.examplesPerSecond, 100 * warmUp.jitShare);
        if (100 * warmUp.jitShare < SETTLED_JIT_PERCENT) {
          break;
        }
      }
      for (int[] sizes : networks) {
        rows.add(withJit(() -> trainLocal(sizes, epochs, data)));
        for (int p : parallelisms) {
          for (int k : ks) {
            for (String mode : modes) {
              rows.add(withJit(() -> trainOnFlink(sizes, epochs, p, k, AveragingMode.fromId(mode), bootstrap)));
            }
          }
        }
      }
    }
    System.out.println();
    System.out.println("| network | how | examples/s | worker time waiting | validation, last epoch "
        + "| validation, best epoch | test (best model) | JIT, % of a core |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
    for (Row row : rows) {
      System.out.printf("| %s | %s | %,.0f | %s | %.2f %% | %.2f %% | %.2f %% | %.0f %% |%n", row.network, row.how,
          row.examplesPerSecond, Double.isNaN(row.waitShare) ? "–" : String.format("%.1f %%", 100 * row.waitShare),
          100 * row.lastValidation, 100 * row.bestValidation, 100 * row.test, 100 * row.jitShare);
    }
  }

  /** Runs {@code run} and adds the share of its wall time the JIT compilers spent compiling. */
  private static Row withJit(Callable<Row> run) throws Exception {
    long compilingBefore = JIT.getTotalCompilationTime();
    long start = System.nanoTime();
    Row row = run.call();
    double wallMillis = (System.nanoTime() - start) / 1e6;
    return row.withJitShare((JIT.getTotalCompilationTime() - compilingBefore) / wallMillis);
  }

  /**
   * The job of network {@code sizes} at its default settings (network2's chapter-3 run, 50,000
   * examples per epoch), {@code epochs} epochs, P = {@code p}, k = {@code k}, writing to {@code run}.
   */
  private static TrainingJobSetup setup(int[] sizes, int epochs, int p, int k, AveragingMode mode, String bootstrap,
      Path run) {
    return TrainingJobSetup.of(TrainingJobArguments.parse("--sizes", name(sizes).substring(1, name(sizes).length() - 1),
        "--epochs", String.valueOf(epochs), "--parallelism", String.valueOf(p), "--average-every", String.valueOf(k),
        "--mode", mode.id(), "--bootstrap", bootstrap, "--topic-prefix", PREFIX, "--run-dir", run.toString()),
        new Configuration());
  }

  private static Row trainLocal(int[] sizes, int epochs, MnistData data) {
    TrainingSettings settings = setup(sizes, epochs, 1, 1, AveragingMode.SYNC, "", Path.of("")).settings().training();
    TrainingRun.Result result = new TrainingRun(settings)
        .run(data.training(), data.validation(), data.test(), new TrainingRun.Listener() {});
    return Row.of(name(sizes), "train-local", Double.NaN, result.history(), result.testAccuracy());
  }

  private static Row trainOnFlink(int[] sizes, int epochs, int p, int k, AveragingMode mode, String bootstrap)
      throws Exception {
    Path run = Files.createTempDirectory("streamnet-bench-");
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, p);
    // The averager's state (validation and test sets) is beyond what the JobManager may hold in memory.
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, run.resolve("checkpoints").toUri().toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(p, conf);
    new TrainingJobFactory(setup(sizes, epochs, p, k, mode, bootstrap, run)).assemble(env);
    env.execute("streamnet benchmark");
    Path metrics = run.resolve(TrainingJobFactory.METRICS_FILE);
    List<EpochMetrics> history = MetricsLog.readEpochs(metrics);
    double waiting = Files.readAllLines(metrics).stream()
        .filter(line -> line.contains("worker_wait_share"))
        .skip(1)
        .mapToDouble(line -> Double.parseDouble(line.replaceAll(".*\"worker_wait_share\":([0-9.E-]+).*", "$1")))
        .average().orElse(Double.NaN);
    double test = MetricsLog.readTestAccuracy(metrics);
    Folders.deleteRecursively(run);   // its checkpoints hold the averager's state: megabytes per run
    return Row.of(name(sizes), String.format("Flink P=%d k=%d %s", p, k, mode.id()), waiting, history, test);
  }

  /** Examples per second from the end of the first epoch to the end of the last. */
  private static double afterFirstEpoch(List<EpochMetrics> history) {
    EpochMetrics first = history.get(0);
    EpochMetrics last = history.get(history.size() - 1);
    if (history.size() == 1) {
      return last.examples() / last.elapsedSeconds();
    }
    return (last.examples() - first.examples()) / (last.elapsedSeconds() - first.elapsedSeconds());
  }

  private static String name(int[] sizes) {
    return java.util.Arrays.toString(sizes).replace(" ", "");
  }

  private static int[] ints(String list) {
    return java.util.Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
