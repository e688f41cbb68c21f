package streamnet.job;

import java.util.Set;
import org.apache.flink.configuration.Configuration;

/**
 * The training job main's command line: the flags of {@link TrainingJobOptions} (and the bare
 * {@code --unbounded} and {@code --live}), read by {@link JobArguments}.
 */
public final class TrainingJobArguments {
  private static final JobArguments ARGUMENTS =
      new JobArguments("training", "train", TrainingJobOptions.ALL,
          Set.of(TrainingJobOptions.UNBOUNDED, TrainingJobOptions.LIVE, TrainingJobOptions.SERVE));

  private TrainingJobArguments() {}

  /** The options {@code args} set; fails on an unknown flag or a flag without its value. */
  public static Configuration parse(String... args) {
    return ARGUMENTS.parse(args);
  }

  /** One line per flag with its default; ./streamnet train --help explains them. */
  public static String usage() {
    return ARGUMENTS.usage();
  }
}
