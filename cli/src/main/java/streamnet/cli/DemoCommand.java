package streamnet.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import streamnet.job.Coordinator;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.network.train.LearningCurves;
import streamnet.network.train.MetricsLog;
import streamnet.producer.broker.TemporaryBroker;

/**
 * {@code streamnet demo}: everything in one command. Fetches MNIST, starts an embedded Kafka
 * broker, streams MNIST into it, trains with the Flink job on a local MiniCluster with the
 * dashboard, then stops everything it started (also on Ctrl-C).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Fetches MNIST, starts an embedded Kafka broker, streams MNIST into it, trains with"
        + " the Flink job on a local cluster (dashboard on http://127.0.0.1:8081), prints the test"
        + " accuracy and where the model, metrics and learning curves are, and stops everything it"
        + " started. Takes the training flags of train-local and train.")
public final class DemoCommand implements Callable<Integer> {
  /** Epochs when --epochs is not given: enough for 95 % in a few minutes here. */
  static final int DEMO_EPOCHS = 10;
  private static final String TOPIC_PREFIX = "demo-";
  /** The demo streams its bulk load in batch records (format 3): less CPU for the job than one example per record. */
  private static final int EXAMPLES_PER_RECORD = 100;

  @Spec CommandSpec spec;
  @Mixin TrainingOptions training;

  @Mixin AveragingOptions averaging;

  @Mixin PrequentialOptions prequential;

  @Option(names = "--web-ui-port", paramLabel = "PORT",
      description = "Port of the Flink dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int webUiPort = 8081;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where models, metrics, plots and checkpoints go (default: runs/demo-<date-time>).")
  Path runDir;

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "Also write the metrics JSON lines to FILE.")
  Path metrics;

  @Mixin DataOptions dataOptions;

  @Option(names = "--serve",
      description = "Also serve predictions while training, as train --serve (./streamnet predict --bootstrap <the"
          + " broker printed> --topic-prefix " + TOPIC_PREFIX + " FILE... asks).")
  boolean serve;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (!spec.commandLine().getParseResult().hasMatchedOption("--epochs")) {
      training.epochs = DEMO_EPOCHS;
    }
    Path data = dataOptions.data != null ? dataOptions.data : MnistFetcher.ensure(MnistData.defaultDir());
    Path run = (runDir != null ? runDir : StreamnetHome.newRun("demo-")).toAbsolutePath();
    System.out.println("starting an embedded Kafka broker...");
    try (TemporaryBroker broker = TemporaryBroker.start()) {
      Thread stopBrokerOnCtrlC = new Thread(broker::close);
      Runtime.getRuntime().addShutdownHook(stopBrokerOnCtrlC);
      try {
        System.out.println("Kafka at " + broker.bootstrapServers());
        int produced = StreamnetCli.commandLine().execute(produceArguments(broker, data));
        if (produced != 0) {
          return produced;
        }
        int trained = StreamnetCli.commandLine().execute(trainArguments(broker, run));
        if (trained != 0) {
          return trained;
        }
      } finally {
        Runtime.getRuntime().removeShutdownHook(stopBrokerOnCtrlC);
      }
    }
    report(run, Duration.ofNanos(System.nanoTime() - start));
    return 0;
  }

  private String[] produceArguments(TemporaryBroker broker, Path data) {
    return new String[] {
      "produce", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", TOPIC_PREFIX,
      "--epochs", String.valueOf(training.epochs()), "--seed", String.valueOf(training.seed),
      "--data", data.toString(), "--examples-per-record", String.valueOf(EXAMPLES_PER_RECORD)
    };
  }

  private String[] trainArguments(TemporaryBroker broker, Path run) {
    List<String> args = new ArrayList<>(List.of(
        "train", "--bootstrap", broker.bootstrapServers(), "--topic-prefix", TOPIC_PREFIX,
        "--web-ui-port", String.valueOf(webUiPort), "--run-dir", run.toString()));
    args.addAll(averaging.toArguments());
    args.addAll(training.toArguments());
    args.addAll(prequential.toArguments());
    if (metrics != null) {
      args.addAll(List.of("--metrics", metrics.toString()));
    }
    if (serve) {
      args.add("--serve");
    }
    return args.toArray(String[]::new);
  }

  private static void report(Path run, Duration wall) throws Exception {
    Path metricsFile = run.resolve(MetricsFollower.METRICS_FILE);
    if (Files.exists(metricsFile)) {
      List<Path> plots = LearningCurves.write(
          MetricsLog.readEpochs(metricsFile), run.resolve("plots"), "streamnet demo");
      System.out.println("learning curves: " + plots);
    }
    System.out.println("model:   " + run.resolve(Coordinator.BEST_MODEL));
    System.out.println("metrics: " + metricsFile);
    System.out.printf("demo finished in %d min %d s; Kafka and Flink are stopped%n",
        wall.toMinutes(), wall.toSecondsPart());
  }
}
