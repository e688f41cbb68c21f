package streamnet.job.serve;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

/**
 * The serving job main's command line: {@code --flag value} pairs of {@link ServingJobOptions},
 * read with Flink's {@link ParameterTool}. A flag the job does not know fails the submission.
 */
public final class ServingJobArguments {
  /** What ParameterTool records for a flag given without a value. */
  private static final String NO_VALUE = "__NO_VALUE_KEY";
  private static final Set<String> FLAGS =
      ServingJobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());

  private ServingJobArguments() {}

  /** The options {@code args} set; fails on an unknown flag or a flag without its value. */
  public static Configuration parse(String... args) {
    Map<String, String> given = ParameterTool.fromArgs(args).toMap();
    Set<String> unknown = new TreeSet<>(given.keySet());
    unknown.removeAll(FLAGS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown flag" + (unknown.size() > 1 ? "s " : " ")
          + unknown.stream().map(flag -> "--" + flag).collect(Collectors.joining(", "))
          + "; the serving job takes " + ServingJobOptions.ALL.stream().map(option -> "--" + option.key())
              .collect(Collectors.joining(" ")));
    }
    given.forEach((flag, value) -> {
      if (NO_VALUE.equals(value)) {
        throw new IllegalArgumentException("--" + flag + " needs a value");
      }
    });
    return Configuration.fromMap(given);
  }

  /** One line per flag with its default; ./streamnet serve --help explains them. */
  public static String usage() {
    StringBuilder usage = new StringBuilder("streamnet serving job, the flags of ./streamnet serve --help:\n");
    for (ConfigOption<?> option : ServingJobOptions.ALL) {
      usage.append(String.format("  --%-20s %s%n", option.key(),
          option.hasDefaultValue() ? "default " + option.defaultValue() : ""));
    }
    return usage.toString();
  }
}
