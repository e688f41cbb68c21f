package streamnet.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import streamnet.cluster.ClusterSettings;
import streamnet.cluster.FlinkRest;

/** Stops a running job with a savepoint, to resume it later (also with another parallelism). */
@Command(name = "stop-job", mixinStandardHelpOptions = true,
    description = "Stops a job with a savepoint and prints how to resume it with ./streamnet train --cluster --from-savepoint.")
final class ClusterStopJobCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JOB_ID", description = "The job's id, as train --cluster printed it.")
  String jobId;

  @Option(names = "--jobmanager", paramLabel = "HOST:PORT",
      description = "The JobManager's REST address (default: ${DEFAULT-VALUE}).")
  String jobManager = ClusterSettings.HOST + ":" + ClusterSettings.DEFAULT_REST_PORT;

  @Option(names = "--savepoint-dir", paramLabel = "DIR",
      description = "Where the savepoint goes (default: the cluster's savepoints/ folder).")
  String savepointDir;

  @Option(names = "--timeout", description = "Seconds to wait for the savepoint (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 120;

  @Override
  public Integer call() {
    String savepoint = new FlinkRest("http://" + jobManager)
        .stopWithSavepoint(jobId, Optional.ofNullable(savepointDir), Duration.ofSeconds(timeoutSeconds));
    System.out.println("job " + jobId + " stopped with savepoint " + savepoint);
    System.out.println("Resume it with: ./streamnet train --cluster --from-savepoint " + savepoint
        + " <the same flags, any --parallelism>");
    return 0;
  }
}
