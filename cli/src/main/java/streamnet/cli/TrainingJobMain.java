package streamnet.cli;

import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job jar's main class on a Flink cluster (session or application mode): parses the same job
 * flags as {@code ./streamnet train} and submits the training job to the cluster it runs in.
 */
@Command(
    name = "streamnet-job",
    mixinStandardHelpOptions = true,
    description = "The streamnet training job on a Flink cluster; takes the job flags of ./streamnet train.")
public final class TrainingJobMain {
  /** The job's name on the dashboard. */
  static final String JOB_NAME = "streamnet training";

  @Mixin JobOptions job;

  @Option(names = "--run-dir", paramLabel = "DIR", required = true,
      description = "Where models and metrics go, a folder every TaskManager can write (a shared volume on Kubernetes).")
  Path runDir;

  public static void main(String[] args) throws Exception {
    TrainingJobMain main = new TrainingJobMain();
    // No picocli execute(): it would turn failures into an exit code, and System.exit would end a session cluster's JobManager.
    CommandLine command = new CommandLine(main);
    command.parseArgs(args);
    if (command.isUsageHelpRequested()) {
      command.usage(System.out);
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    main.job.addTo(env, main.runDir.toAbsolutePath(), System.out);
    env.execute(JOB_NAME);
  }
}
