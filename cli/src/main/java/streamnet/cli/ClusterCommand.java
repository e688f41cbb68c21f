package streamnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./streamnet cluster start|stop|status|stop-job|add-taskmanager}: a local standalone Flink session cluster. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Runs a standalone Flink session cluster (a JobManager and N TaskManagers, 127.0.0.1)"
        + " in the background, for ./streamnet train --cluster.",
    subcommands = {ClusterStartCommand.class, ClusterStopCommand.class, ClusterStatusCommand.class,
        ClusterStopJobCommand.class, ClusterAddTaskManagerCommand.class})
final class ClusterCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
