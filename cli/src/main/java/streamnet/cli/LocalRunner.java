package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
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
  private final Path run;
  private final int webUiPort;

  /** How the run ended. */
  record Outcome(boolean succeeded, double testAccuracy) {}

  LocalRunner(Path run, int webUiPort) {
    this.run = run;
    this.webUiPort = webUiPort;
  }

  /**
   * Fails with a message naming the flag when the dashboard's port is taken, before a MiniCluster
   * starts (which would fail with a stack trace of its REST endpoint).
   */
  static void requireFreePort(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on 127.0.0.1 for the Flink dashboard is in use (another"
          + " dashboard, or a Kafka broker's controller port, its client port + 1); choose another --web-ui-port", e);
    }
  }

  /** The MiniCluster's configuration: {@code slots} slots, dashboard on 127.0.0.1, checkpoints in the run folder. */
  Configuration configuration(int slots) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, webUiPort);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, run.resolve("checkpoints").toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
    conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
    return conf;
  }

  /** Runs the job {@code job} describes to its end, printing one line per epoch and the final result. */
  Outcome run(JobOptions job, PrintStream out) throws Exception {
    requireFreePort(webUiPort);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(configuration(job.averaging.parallelism));
    job.addTo(env, run, out);
    JobClient client = env.executeAsync(TrainingJob.JOB_NAME);
    Thread cancelOnCtrlC = new Thread(() -> client.cancel().join());
    Runtime.getRuntime().addShutdownHook(cancelOnCtrlC);
    out.printf("Flink dashboard: http://127.0.0.1:%d/#/job/running/%s%n", webUiPort, client.getJobID());
    MetricsFollower follower = new MetricsFollower(run, out);
    try {
      while (true) {
        try {
          client.getJobExecutionResult().get(1, TimeUnit.SECONDS);
          break;
        } catch (TimeoutException stillRunning) {
          follower.poll();
          if (follower.finishedLongAgo()) {
            client.cancel().get();
            break;
          }
        }
      }
      follower.poll();
      return new Outcome(true, follower.testAccuracy());
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
}
