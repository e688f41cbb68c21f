package streamnet.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.cluster.FlinkCluster;

/** Lists the cluster's live JVMs; exit code 0 if its JobManager runs, 3 if not. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Lists the JVMs of the cluster of --dir; exit code 0 if its JobManager runs, 3 if not.")
final class ClusterStatusCommand implements Callable<Integer> {

  /** The LSB exit code of a status command for a service that is not running. */
  private static final int NOT_RUNNING = 3;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    Map<String, ProcessHandle> running = FlinkCluster.running(cluster.dir());
    if (!running.containsKey(FlinkCluster.JOB_MANAGER)) {
      System.out.println("no Flink JobManager is running from " + cluster.dir());
      return NOT_RUNNING;
    }
    System.out.println("Flink cluster running from " + cluster.dir() + " (logs in " + cluster.dir().resolve("log") + ")");
    running.forEach((name, process) -> System.out.println("  " + name + "  pid " + process.pid()));
    return 0;
  }
}
