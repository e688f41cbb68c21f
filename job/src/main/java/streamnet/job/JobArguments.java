package streamnet.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

/**
 * A job main's command line: {@code --flag value} pairs of the job's options (and the bare flags
 * it allows, which mean {@code true}), read with Flink's {@link ParameterTool} into a
 * {@link Configuration}. A flag the job does not know fails the submission rather than being
 * ignored. The training and the serving job each have one ({@link TrainingJobArguments},
 * {@code ServingJobArguments}).
 */
public final class JobArguments {
  /** What ParameterTool records for a flag given without a value. */
  private static final String NO_VALUE = "__NO_VALUE_KEY";
  private final String job;
  private final String command;
  private final List<ConfigOption<?>> options;
  private final Set<String> flags;
  private final Set<String> bareFlags;

  /**
   * The command line of the {@code job} job ("training"), whose flags {@code ./streamnet command}
   * explains, taking {@code options}, of which {@code bareFlags} may come without a value.
   */
  public JobArguments(String job, String command, List<ConfigOption<?>> options, Set<ConfigOption<Boolean>> bareFlags) {
    this.job = job;
    this.command = command;
    this.options = options;
    this.flags = options.stream().map(ConfigOption::key).collect(Collectors.toSet());
    this.bareFlags = bareFlags.stream().map(ConfigOption::key).collect(Collectors.toSet());
  }

  /** The options {@code args} set; fails on an unknown flag or a flag without its value. */
  public Configuration parse(String... args) {
    Map<String, String> given = ParameterTool.fromArgs(args).toMap();
    Set<String> unknown = new TreeSet<>(given.keySet());
    unknown.removeAll(flags);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown flag" + (unknown.size() > 1 ? "s " : " ")
          + unknown.stream().map(flag -> "--" + flag).collect(Collectors.joining(", "))
          + "; the " + job + " job takes " + options.stream().map(option -> "--" + option.key())
              .collect(Collectors.joining(" ")));
    }
    Map<String, String> values = new HashMap<>();
    given.forEach((flag, value) -> {
      boolean bare = NO_VALUE.equals(value);
      if (bare && !bareFlags.contains(flag)) {
        throw new IllegalArgumentException("--" + flag + " needs a value");
      }
      values.put(flag, bare ? "true" : value);
    });
    return Configuration.fromMap(values);
  }

  /** One line per flag with its default; {@code ./streamnet command --help} explains them. */
  public String usage() {
    StringBuilder usage = new StringBuilder(
        "streamnet " + job + " job, the flags of ./streamnet " + command + " --help:\n");
    for (ConfigOption<?> option : options) {
      usage.append(String.format("  --%-20s %s%n", option.key(),
          option.hasDefaultValue() ? "default " + option.defaultValue() : ""));
    }
    return usage.toString();
  }
}
