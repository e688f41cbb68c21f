package streamnet.cli;

import picocli.CommandLine.Option;
import streamnet.cluster.ClusterSettings;
import streamnet.cluster.FlinkRest;

/** Which Flink cluster a command talks to: the JobManager's REST address. */
final class JobManagerOptions {

  @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
      description = "The Flink JobManager's REST address (default: ${DEFAULT-VALUE}).")
  String jobManager = ClusterSettings.HOST + ":" + ClusterSettings.DEFAULT_REST_PORT;

  /** The REST client of that JobManager. */
  FlinkRest rest() {
    return new FlinkRest("http://" + jobManager);
  }
}
