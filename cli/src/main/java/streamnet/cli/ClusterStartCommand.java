package streamnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.cluster.ClusterSettings;
import streamnet.cluster.FlinkCluster;

/** Starts the cluster and leaves it running after this command exits. */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Starts a JobManager and N TaskManagers; returns once all TaskManagers registered.")
final class ClusterStartCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(names = "--taskmanagers", paramLabel = "N",
      description = "TaskManagers, one task slot each (default: ${DEFAULT-VALUE}).")
  int taskManagers = ClusterSettings.DEFAULT_TASK_MANAGERS;

  @Option(names = "--port", description = "Dashboard and REST port on 127.0.0.1; the JobManager's RPC port is"
      + " the next one (default: ${DEFAULT-VALUE}).")
  int port = ClusterSettings.DEFAULT_REST_PORT;

  @Override
  public Integer call() {
    // Not stopped on purpose: the cluster outlives this command until ./streamnet cluster stop.
    FlinkCluster started = FlinkCluster.start(cluster.settings(port, taskManagers));
    System.out.println("Flink cluster started with " + taskManagers + " TaskManagers (folder " + cluster.dir() + ")");
    System.out.println("Flink dashboard: " + started.settings().restAddress());
    System.out.println("Stop it with: ./streamnet cluster stop" + cluster.dirFlag());
    return 0;
  }
}
