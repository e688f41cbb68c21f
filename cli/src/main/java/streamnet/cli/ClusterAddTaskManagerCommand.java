package streamnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.cluster.FlinkCluster;

/**
 * Starts one more TaskManager into the running cluster of the folder, e.g. to replace a lost one so
 * a job waiting for a slot restores; it gets a pid file like the others, so status lists it and
 * stop stops it.
 */
@Command(name = "add-taskmanager", mixinStandardHelpOptions = true,
    description = "Starts one more TaskManager (one task slot) into the running cluster of --dir;"
        + " returns once it registered.")
final class ClusterAddTaskManagerCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    String added = FlinkCluster.attach(cluster.dir()).addTaskManager();
    System.out.println("TaskManager " + added + " registered with the Flink cluster of " + cluster.dir());
    return 0;
  }
}
