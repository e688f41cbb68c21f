package streamnet.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Stops a running job with a savepoint, to resume it later (also with another parallelism). */
@Command(name = "stop-job", mixinStandardHelpOptions = true,
    description = "Stops a job with a savepoint and prints the train --cluster command that resumes it.")
final class ClusterStopJobCommand implements Callable<Integer> {

  @Parameters(paramLabel = "JOB_ID", description = "The job's id, as train --cluster printed it.")
  String jobId;

  @Mixin JobManagerOptions jobManager;

  @Option(names = "--savepoint-dir", paramLabel = "DIR",
      description = "Where the savepoint goes (default: the cluster's savepoints/ folder).")
  String savepointDir;

  @Option(names = "--timeout", description = "Seconds to wait for the savepoint (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 120;

  @Override
  public Integer call() {
    String savepoint = jobManager.rest().stopWithSavepoint(jobId, Optional.ofNullable(savepointDir), Duration.ofSeconds(timeoutSeconds));
    System.out.println("job " + jobId + " stopped with savepoint " + savepoint);
    System.out.println("Resume it with: ./streamnet train --cluster --from-savepoint " + savepoint
        + " <the same flags, any --parallelism>");
    return 0;
  }
}
