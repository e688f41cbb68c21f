package streamnet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import streamnet.cluster.ClusterSettings;

/** The options that say which local Flink cluster a {@code cluster} subcommand means. */
final class ClusterOptions {

  @Option(names = "--dir", description = "Cluster folder: conf, logs, pid files, checkpoints, savepoints"
      + " (default: $STREAMNET_HOME/runs/flink).")
  Path dir;

  /** The cluster folder, defaulting under STREAMNET_HOME. */
  Path dir() {
    if (dir != null) {
      return dir.toAbsolutePath();
    }
    return StreamnetHome.runs("flink");
  }

  /** The command that names this folder again, for the hints the subcommands print. */
  String dirFlag() {
    return dir == null ? "" : " --dir " + dir();
  }

  /** Settings for this folder. */
  ClusterSettings settings(int restPort, int taskManagers) {
    return ClusterSettings.of(dir(), restPort, taskManagers);
  }
}
