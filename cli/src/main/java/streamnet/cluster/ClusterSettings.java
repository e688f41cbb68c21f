package streamnet.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how a local standalone Flink session cluster runs: its folder (conf, logs, pid files,
 * checkpoints, savepoints, tmp), the REST/dashboard port, the JobManager's RPC port and the number
 * of TaskManagers (one slot each), all on {@link #HOST}.
 */
public record ClusterSettings(Path dir, int restPort, int rpcPort, int taskManagers, Duration startTimeout) {

  /** The only interface the cluster listens on. */
  public static final String HOST = "127.0.0.1";

  /** The dashboard and REST port when none is given (Flink's own default). */
  public static final int DEFAULT_REST_PORT = 8081;

  /** TaskManagers when none are given: enough for the default P = 2, one worker per TaskManager. */
  public static final int DEFAULT_TASK_MANAGERS = 2;

  /** How long a start may take before it is given up; JobManager and two TaskManagers take about 20 s. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

  public ClusterSettings {
    if (taskManagers < 0) {
      throw new IllegalArgumentException("--taskmanagers must not be negative, got " + taskManagers);
    }
  }

  /** Settings with the defaults, the JobManager's RPC port on the port after the REST port. */
  public static ClusterSettings of(Path dir, int restPort, int taskManagers) {
    return new ClusterSettings(dir, restPort, restPort + 1, taskManagers, DEFAULT_START_TIMEOUT);
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8081}. */
  public String restAddress() {
    return "http://" + HOST + ":" + restPort;
  }
}
