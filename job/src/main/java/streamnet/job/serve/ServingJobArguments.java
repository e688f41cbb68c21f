package streamnet.job.serve;

import java.util.Set;
import org.apache.flink.configuration.Configuration;
import streamnet.job.JobArguments;

/** The serving job main's command line: the flags of {@link ServingJobOptions}, read by {@link JobArguments}. */
public final class ServingJobArguments {
  private static final JobArguments ARGUMENTS = new JobArguments("serving", "serve", ServingJobOptions.ALL, Set.of());

  private ServingJobArguments() {}

  /** The options {@code args} set; fails on an unknown flag or a flag without its value. */
  public static Configuration parse(String... args) {
    return ARGUMENTS.parse(args);
  }

  /** One line per flag with its default; ./streamnet serve --help explains them. */
  public static String usage() {
    return ARGUMENTS.usage();
  }
}
