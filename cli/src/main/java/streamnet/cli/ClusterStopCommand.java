package streamnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.cluster.FlinkCluster;

/** Stops the JVMs whose pid files are in the folder (SIGTERM, a clean shutdown). */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the cluster started from --dir, by its pid files.")
final class ClusterStopCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    boolean stopped = FlinkCluster.stop(cluster.dir());
    System.out.println(stopped ? "Flink cluster stopped" : "no Flink cluster was running from " + cluster.dir());
    return 0;
  }
}
