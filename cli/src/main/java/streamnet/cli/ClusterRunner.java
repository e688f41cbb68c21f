package streamnet.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import streamnet.cluster.FlinkRest;
import streamnet.job.TrainingJob;

/**
 * Submits the shaded job jar to a running Flink cluster through its REST API and, unless told to
 * detach, follows the job's state and the run folder's metrics file until the job ends.
 */
final class ClusterRunner {
  private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");
  private final FlinkRest rest;
  private final Path run;

  ClusterRunner(FlinkRest rest, Path run) {
    this.rest = rest;
    this.run = run;
  }

  /** Submits {@code jar} with the job's {@code arguments}; returns the exit status (0 once FINISHED, or when detached). */
  int run(Path jar, List<String> arguments, Optional<String> savepoint, boolean follow, PrintStream out)
      throws Exception {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no job jar " + jar + "; build it with mvn package");
    }
    String jarId = rest.uploadJar(jar);
    String jobId = rest.run(jarId, TrainingJob.class.getName(), arguments, savepoint);
    out.println("job " + jobId + " submitted" + savepoint.map(path -> " from " + path).orElse(""));
    out.println("Flink dashboard: " + rest.address() + "/#/job/running/" + jobId);
    if (!follow) {
      out.println("metrics: " + run.resolve(MetricsFollower.METRICS_FILE));
      return 0;
    }
    MetricsFollower follower = new MetricsFollower(run, out);
    String state;
    while (!ENDED.contains(state = rest.jobState(jobId))) {
      follower.poll();
      if (follower.finishedLongAgo()) {
        rest.cancel(jobId);
        out.println("training finished; job " + jobId + " cancelled (its live input never ends)");
        return 0;
      }
      Thread.sleep(1000);
    }
    follower.poll();
    out.println("job " + jobId + " " + state);
    return "FINISHED".equals(state) ? 0 : 1;
  }
}
