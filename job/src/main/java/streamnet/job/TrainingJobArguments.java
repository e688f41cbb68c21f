package streamnet.job;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

/**
 * The job main's command line: {@code --flag value} pairs (and the bare {@code --unbounded}) of
 * {@link TrainingJobOptions}, read with Flink's {@link ParameterTool} into a {@link Configuration}.
 * A flag the job does not know fails the submission rather than being ignored.
 */
public final class TrainingJobArguments {
  /** What ParameterTool records for a flag given without a value. */
  private static final String NO_VALUE = "__NO_VALUE_KEY";
  private static final Set<String> FLAGS =
      TrainingJobOptions.ALL.stream().map(ConfigOption::key).collect(Collectors.toSet());

  private TrainingJobArguments() {}

  /** The options {@code args} set; fails on an unknown flag or a flag without its value. */
  public static Configuration parse(String... args) {
    Map<String, String> given = ParameterTool.fromArgs(args).toMap();
    Set<String> unknown = new TreeSet<>(given.keySet());
    unknown.removeAll(FLAGS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown flag" + (unknown.size() > 1 ? "s " : " ")
          + unknown.stream().map(flag -> "--" + flag).collect(Collectors.joining(", "))
          + "; the training job takes " + TrainingJobOptions.ALL.stream().map(option -> "--" + option.key())
              .collect(Collectors.joining(" ")));
    }
    Map<String, String> values = new HashMap<>();
    given.forEach((flag, value) -> {
      boolean bare = NO_VALUE.equals(value);
      if (bare && !flag.equals(TrainingJobOptions.UNBOUNDED.key())) {
        throw new IllegalArgumentException("--" + flag + " needs a value");
      }
      values.put(flag, bare ? "true" : value);
    });
    return Configuration.fromMap(values);
  }

  /** One line per flag with its default; ./streamnet train --help explains them. */
  public static String usage() {
    StringBuilder usage = new StringBuilder("streamnet training job, the flags of ./streamnet train --help:\n");
    for (ConfigOption<?> option : TrainingJobOptions.ALL) {
      usage.append(String.format("  --%-20s %s%n", option.key(),
          option.hasDefaultValue() ? "default " + option.defaultValue() : ""));
    }
    return usage.toString();
  }
}
