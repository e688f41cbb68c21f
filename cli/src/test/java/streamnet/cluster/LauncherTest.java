package streamnet.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher runs a local MiniCluster (train, demo) with the TaskManagers' JVM flags, so a
 * change of those flags reaches both kinds of Flink JVM or fails here.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of(System.getProperty("streamnet.root")).resolve("streamnet");

  // Catches: the launcher's MiniCluster flags and FlinkCluster's TaskManager flags drifting apart.
  @Test
  void miniClusterCommandsGetTheTaskManagersFlags() throws Exception {
    List<String> definitions = Files.readAllLines(LAUNCHER).stream()
        .filter(line -> line.startsWith("minicluster=(")).toList();

    assertThat(definitions).hasSize(1);
    String flags = definitions.get(0).substring("minicluster=(".length(), definitions.get(0).lastIndexOf(')'));
    assertThat(Arrays.asList(flags.trim().split("\\s+"))).isEqualTo(FlinkCluster.TASK_MANAGER_JVM_OPTIONS);
  }
}
