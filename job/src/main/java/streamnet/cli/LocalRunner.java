package streamnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import streamnet.job.TrainingJob;

/**
 * Runs the training job on a local Flink MiniCluster with the web dashboard, checkpoints under the
 * run folder, and follows the metrics file to show progress. Ctrl-C cancels the job.
 */
final class LocalRunner {
  static final String METRICS_FILE = "metrics.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path run;
  private final int parallelism;
  private final int checkpointSeconds;
  private final int webUiPort;

  /** How the run ended. */
  record Outcome(boolean succeeded, double testAccuracy) {}

  LocalRunner(Path run, int parallelism, int checkpointSeconds, int webUiPort) {
    this.run = run;
    this.parallelism = parallelism;
    this.checkpointSeconds = checkpointSeconds;
    this.webUiPort = webUiPort;
  }

  /** A new run folder under {@code $STREAMNET_HOME/runs}, named by the time it starts. */
  static Path newRunFolder(String prefix) {
    String home = System.getenv("STREAMNET_HOME");
    return (home == null ? Path.of(".") : Path.of(home)).resolve("runs")
        .resolve(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /** The MiniCluster's configuration: dashboard on 127.0.0.1, checkpoints in the run folder. */
  Configuration configuration() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, webUiPort);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, run.resolve("checkpoints").toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
    return conf;
  }

  /** Runs {@code job} to its end, printing one line per epoch and the final result. */
  Outcome run(TrainingJob job, PrintStream out) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(configuration());
    env.setParallelism(parallelism);
    env.enableCheckpointing(Duration.ofSeconds(checkpointSeconds).toMillis());
    job.build(env);
    JobClient client = env.executeAsync("streamnet training");
    Thread cancelOnCtrlC = new Thread(() -> client.cancel().join());
    Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
    out.printf("Flink dashboard: http://127.0.0.1:%d/#/job/running/%s%n", webUiPort, client.getJobID());
    MetricsFollower follower = new MetricsFollower(run.resolve(METRICS_FILE), out);
    try {
      while (true) {
        try {
          client.getJobExecutionResult().get(1, TimeUnit.SECONDS);
          break;
        } catch (TimeoutException stillRunning) {
          follower.poll();
        }
      }
      follower.poll();
      return new Outcome(true, follower.testAccuracy);
    } catch (ExecutionException failed) {
      follower.poll();
      out.println("the job failed: " + rootMessage(failed));
      return new Outcome(false, Double.NaN);
    } finally {
      Runtime.getRuntime().removeShutdownHook(cancelOnCtrlC);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Reads the metrics lines appended since the last poll and prints them for people. */
  private static final class MetricsFollower {
    private final Path file;
    private final PrintStream out;
    private long offset;
    private double testAccuracy = Double.NaN;

    MetricsFollower(Path file, PrintStream out) {
      this.file = file;
      this.out = out;
    }

    void poll() throws IOException {
      if (!Files.exists(file)) {
        return;
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        in.seek(offset);
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.endsWith("}")) {
            break;
          }
          offset = in.getFilePointer();
          show(JSON.readTree(new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
        }
      }
    }

    private void show(JsonNode m) {
      if (m.path("final").asBoolean()) {
        testAccuracy = m.get("test_accuracy").asDouble();
        out.printf("test accuracy of the best model (epoch %d): %.2f %%%n",
            m.get("best_epoch").asInt(), 100 * testAccuracy);
        return;
      }
      double seconds = m.get("elapsed_s").asDouble();
      out.printf("epoch %3d  η %-8.4g train %6.2f %% cost %.4f  validation %6.2f %% cost %.4f  %,9.0f ex/s  %6.1f s%n",
          m.get("epoch").asInt(), m.get("eta").asDouble(),
          100 * m.get("training_accuracy").asDouble(), m.get("training_cost").asDouble(),
          100 * m.get("validation_accuracy").asDouble(), m.get("validation_cost").asDouble(),
          seconds > 0 ? m.get("examples").asLong() / seconds : 0.0, seconds);
    }
  }
}
