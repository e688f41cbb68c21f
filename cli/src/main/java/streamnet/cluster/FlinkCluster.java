package streamnet.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import streamnet.network.io.Folders;
import streamnet.producer.broker.ClasspathFile;

/**
 * A standalone Flink session cluster on this machine: one JobManager and N TaskManagers, each a
 * child JVM on the jars of the flink-cluster module. Its folder holds {@code conf/}, {@code log/},
 * one pid file per JVM, {@code checkpoints/}, {@code savepoints/} and {@code tmp/} (wiped on start).
 */
public final class FlinkCluster {
  /** The JobManager's name among the folder's JVMs. */
  public static final String JOB_MANAGER = "jobmanager";
  static final String TASK_MANAGER_PREFIX = "taskmanager-";
  private static final String PID_SUFFIX = ".pid";
  private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String RESOURCE_PARAMS_MAIN = "org.apache.flink.runtime.util.bash.BashJavaUtils";
  private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(15);
  private static final ClasspathFile LIB = new ClasspathFile(
      "streamnet.flink.cluster.classpath", Path.of("flink-cluster", "target", "flink-cluster-classpath.txt"));

  /** Flink's own {@code env.java.opts.all} for Java 17 (flink-dist's config.yaml). */
  static final List<String> JAVA_17_OPTIONS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /**
   * The JobManager's JVM flags beyond Flink's: it coordinates (deployments, checkpoints, the Kafka
   * split enumerators, REST) and computes nothing, so C1 code is fast enough, while the C2
   * compiler spent more CPU than all its other threads together (docs/performance.md, "A fast
   * real cluster").
   */
  static final List<String> JOB_MANAGER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The TaskManagers' JVM flags beyond Flink's (docs/performance.md, "A fast real cluster"). */
  static final List<String> TASK_MANAGER_JVM_OPTIONS = List.of(
      // The dense training kernel (network's VectorKernels) uses the incubating Vector API.
      "--add-modules", "jdk.incubator.vector",
      "-XX:+UseParallelGC",
      // C2 only for the really hot code: Flink's and Kafka's lukewarm paths stay in C1 code,
      // and every job loads its classes anew, so each job paid the compilers again.
      "-XX:Tier4InvocationThreshold=20000", "-XX:Tier4MinInvocationThreshold=2400",
      "-XX:Tier4CompileThreshold=60000", "-XX:Tier4BackEdgeThreshold=160000");

  private final ClusterSettings settings;
  private final String classpath;
  /** BashJavaUtils' answers by query: one JVM per kind of process, not one per TaskManager. */
  private final Map<String, List<String>> resourceParameters = new java.util.HashMap<>();

  private FlinkCluster(ClusterSettings settings, String classpath) {
    this.settings = settings;
    this.classpath = classpath;
  }

  /** Writes the configuration, starts the JobManager and the TaskManagers, returns once all registered. */
  public static FlinkCluster start(ClusterSettings settings) {
    Path dir = settings.dir().toAbsolutePath();
    if (!running(dir).isEmpty()) {
      throw new IllegalStateException("a Flink cluster is already running from " + dir + " (./streamnet cluster status)");
    }
    awaitFree(settings.restPort());
    awaitFree(settings.rpcPort());
    FlinkCluster cluster = new FlinkCluster(settings, LIB.load());
    try {
      cluster.prepareFolder();
      cluster.launch(JOB_MANAGER, JOB_MANAGER_MAIN, "GET_JM_RESOURCE_PARAMS", List.of());
      List<String> taskManagers = new ArrayList<>();
      for (int i = 0; i < settings.taskManagers(); i++) {
        taskManagers.add(cluster.launchTaskManager());
      }
      cluster.awaitRegistered(taskManagers);
      return cluster;
    } catch (IOException | RuntimeException e) {
      stop(dir);
      throw e instanceof IOException io ? new UncheckedIOException("cannot start the Flink cluster in " + dir, io)
          : (RuntimeException) e;
    }
  }

  /**
   * The cluster running from {@code dir}, with the ports its conf/config.yaml names; fails if its
   * JobManager does not run.
   */
  public static FlinkCluster attach(Path dir) {
    Path absolute = dir.toAbsolutePath();
    Map<String, ProcessHandle> live = running(absolute);
    if (!live.containsKey(JOB_MANAGER)) {
      throw new IllegalStateException("no Flink JobManager is running from " + absolute
          + " (./streamnet cluster start" + " --dir " + absolute + ")");
    }
    Map<String, String> conf = readConfig(absolute.resolve("conf").resolve("config.yaml"));
    int taskManagers = (int) live.keySet().stream().filter(name -> name.startsWith(TASK_MANAGER_PREFIX)).count();
    ClusterSettings settings = new ClusterSettings(absolute, Integer.parseInt(conf.get("rest.port")),
        Integer.parseInt(conf.get("jobmanager.rpc.port")), taskManagers, ClusterSettings.DEFAULT_START_TIMEOUT);
    return new FlinkCluster(settings, LIB.load());
  }

  /** The settings it was started with. */
  public ClusterSettings settings() {
    return settings;
  }

  /** Starts one more TaskManager (e.g. to replace a lost one); returns its name once it registered. */
  public String addTaskManager() {
    try {
      String taskManager = launchTaskManager();
      awaitRegistered(List.of(taskManager));
      return taskManager;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a TaskManager in " + settings.dir(), e);
    }
  }

  /** The REST client of this cluster. */
  public FlinkRest rest() {
    return new FlinkRest(settings.restAddress());
  }

  /** The live JVMs started from this folder, by name ({@code jobmanager}, {@code taskmanager-1}, ...). */
  public static Map<String, ProcessHandle> running(Path dir) {
    Map<String, ProcessHandle> live = new TreeMap<>();
    for (Path pidFile : pidFiles(dir)) {
      String name = pidFile.getFileName().toString().replace(PID_SUFFIX, "");
      readPid(pidFile).flatMap(ProcessHandle::of)
          .filter(ProcessHandle::isAlive)
          .filter(FlinkCluster::isFlinkJvm)
          .ifPresent(process -> live.put(name, process));
    }
    return live;
  }

  /** Stops every JVM started from this folder (SIGTERM, then a kill after 30 s); false if none ran. */
  public static boolean stop(Path dir) {
    Map<String, ProcessHandle> live = running(dir);
    live.values().forEach(ProcessHandle::destroy);
    for (ProcessHandle process : live.values()) {
      try {
        process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
    pidFiles(dir).forEach(FlinkCluster::deleteFile);
    return !live.isEmpty();
  }

  /** Creates the folder layout, wipes tmp/ and writes conf/. */
  private void prepareFolder() throws IOException {
    Path dir = settings.dir().toAbsolutePath();
    Folders.deleteRecursively(dir.resolve("tmp"));
    for (String folder : List.of("conf", "log", "tmp", "checkpoints", "savepoints")) {
      Files.createDirectories(dir.resolve(folder));
    }
    Files.writeString(dir.resolve("conf").resolve("config.yaml"), configYaml(settings));
    try (InputStream log4j = FlinkCluster.class.getResourceAsStream("log4j.properties")) {
      Files.write(dir.resolve("conf").resolve("log4j.properties"), log4j.readAllBytes());
    }
  }

  /**
   * The cluster's conf/config.yaml: everything on 127.0.0.1, one slot per TaskManager, small
   * memory, heap state with checkpoints and savepoints in the folder, quick failure detection
   * and enough restarts to wait for a replacement TaskManager.
   */
  static String configYaml(ClusterSettings settings) {
    Path dir = settings.dir().toAbsolutePath();
    String host = ClusterSettings.HOST;
    return String.join("\n",
        "jobmanager.bind-host: " + host,
        "jobmanager.rpc.address: " + host,
        "jobmanager.rpc.port: " + settings.rpcPort(),
        "jobmanager.memory.process.size: 1024m",
        "taskmanager.bind-host: " + host,
        "taskmanager.host: " + host,
        "taskmanager.numberOfTaskSlots: 1",
        // 1024m leaves the task heap 25 MiB; managed memory is for RocksDB and batch, unused here.
        "taskmanager.memory.process.size: 1536m",
        "taskmanager.memory.managed.fraction: 0.1",
        "rest.address: " + host,
        "rest.bind-address: " + host,
        "rest.port: " + settings.restPort(),
        "parallelism.default: 1",
        // The Kafka client and lz4 from lib/ (the connector is org.apache.flink., parent-first
        // already): loaded once, their JIT-compiled code serves every job, and lz4's JNI
        // decompressor works, where the job jar's copies fell back to the pure-Java one.
        "classloader.parent-first-patterns.additional: org.apache.kafka.;net.jpountz.",
        "state.backend.type: hashmap",
        "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
        "execution.checkpointing.savepoint-dir: " + dir.resolve("savepoints").toUri(),
        "restart-strategy.type: fixed-delay",
        "restart-strategy.fixed-delay.attempts: 20",
        "restart-strategy.fixed-delay.delay: 3 s",
        // A killed TaskManager is noticed in seconds, not Flink's default 50.
        "heartbeat.interval: 2000",
        "heartbeat.timeout: 15000",
        // Pekko's default of 10 s to bring up remoting fails JVMs started side by side on a loaded
        // machine ("Could not create actor system": TimeoutException after 10000 ms, load 28 on 2 cores).
        "pekko.startup-timeout: 60 s",
        // Blob caches and uploaded jars grow with every submission: keep them in the folder.
        "io.tmp.dirs: " + dir.resolve("tmp"),
        "web.tmpdir: " + dir.resolve("tmp").resolve("web"),
        "");
  }

  /** Starts the next TaskManager, named taskmanager-N after the highest N in the folder; returns its name. */
  private String launchTaskManager() throws IOException {
    int next = pidFiles(settings.dir()).stream()
        .map(file -> file.getFileName().toString())
        .filter(name -> name.startsWith(TASK_MANAGER_PREFIX))
        .mapToInt(name -> Integer.parseInt(name.substring(TASK_MANAGER_PREFIX.length(), name.length() - PID_SUFFIX.length())))
        .max().orElse(0) + 1;
    String name = TASK_MANAGER_PREFIX + next;
    launch(name, TASK_MANAGER_MAIN, "GET_TM_RESOURCE_PARAMS", List.of("-D", "taskmanager.resource-id=" + name));
    return name;
  }

  /** Starts one Flink JVM with the memory flags Flink computes from the configuration. */
  private void launch(String name, String main, String resourceQuery, List<String> extraArguments)
      throws IOException {
    Path dir = settings.dir().toAbsolutePath();
    Path conf = dir.resolve("conf");
    List<String> resources = resourceParameters(resourceQuery, conf);
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(JAVA_17_OPTIONS);
    command.addAll(split(resources.get(0)));
    command.addAll(JOB_MANAGER.equals(name) ? JOB_MANAGER_JVM_OPTIONS : TASK_MANAGER_JVM_OPTIONS);
    command.addAll(extraJvmOptions(name));
    command.addAll(List.of(
        "-Dlog.file=" + dir.resolve("log").resolve(name + ".log"),
        "-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri(),
        "-cp", classpath, main, "--configDir", conf.toString()));
    command.addAll(split(resources.get(1)));
    command.addAll(extraArguments);
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").resolve(name + ".out").toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Files.writeString(dir.resolve(name + PID_SUFFIX), Long.toString(process.pid()));
  }

  /**
   * JVM options from the environment for profiling or tuning: {@code STREAMNET_FLINK_JVM_OPTS} for
   * every JVM of the cluster, then {@code STREAMNET_FLINK_JM_OPTS} or {@code STREAMNET_FLINK_TM_OPTS};
   * {@code {name}} in them becomes the JVM's name (e.g. a JFR file per JVM).
   */
  private static List<String> extraJvmOptions(String name) {
    List<String> options = new ArrayList<>();
    String own = JOB_MANAGER.equals(name) ? "STREAMNET_FLINK_JM_OPTS" : "STREAMNET_FLINK_TM_OPTS";
    for (String variable : List.of("STREAMNET_FLINK_JVM_OPTS", own)) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        split(value.replace("{name}", name)).forEach(options::add);
      }
    }
    return options;
  }

  /** Flink's BashJavaUtils answer: JVM memory flags, then -D memory properties (as jobmanager.sh uses them). */
  private List<String> resourceParameters(String query, Path conf) throws IOException {
    List<String> known = resourceParameters.get(query);
    if (known != null) {
      return known;
    }
    // A short-lived JVM: C1 code and the serial collector start it for a third of the CPU.
    Process process = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "-cp", classpath, RESOURCE_PARAMS_MAIN, query, "--configDir", conf.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    List<String> results = output.lines()
        .filter(line -> line.startsWith(RESULT_PREFIX))
        .map(line -> line.substring(RESULT_PREFIX.length()))
        .toList();
    if (results.size() != 2) {
      throw new IllegalStateException("Flink could not compute the memory settings (" + query + "):\n" + output);
    }
    resourceParameters.put(query, results);
    return results;
  }

  /** Waits until the named TaskManagers registered; fails if the JobManager exits or it takes too long. */
  private void awaitRegistered(List<String> taskManagers) {
    Instant deadline = Instant.now().plus(settings.startTimeout());
    FlinkRest rest = rest();
    while (!rest.taskManagerIdsOrNone().containsAll(taskManagers)) {
      Path dir = settings.dir().toAbsolutePath();
      if (!running(dir).containsKey(JOB_MANAGER)) {
        throw new IllegalStateException("the JobManager exited while starting; its log ends with:\n" + logTail(dir, JOB_MANAGER, 30));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the TaskManagers " + taskManagers + " did not register within "
            + settings.startTimeout().toSeconds() + " s; see the logs in " + dir.resolve("log"));
      }
      sleep(Duration.ofMillis(500));
    }
  }

  /** The flat {@code key: value} lines of a config.yaml as {@link #configYaml} writes it. */
  private static Map<String, String> readConfig(Path configYaml) {
    try {
      Map<String, String> entries = new TreeMap<>();
      for (String line : Files.readAllLines(configYaml, StandardCharsets.UTF_8)) {
        int colon = line.indexOf(": ");
        if (colon > 0) {
          entries.put(line.substring(0, colon).strip(), line.substring(colon + 2).strip());
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster's configuration " + configYaml, e);
    }
  }

  /** The last lines of one JVM's log. */
  static String logTail(Path dir, String name, int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve("log").resolve(name + ".log"), StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Waits up to 15 s for a port to be free (a cluster stopped just before releases it late). */
  private static void awaitFree(int port) {
    Instant deadline = Instant.now().plus(PORT_RELEASE_TIMEOUT);
    while (true) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(ClusterSettings.HOST))) {
        socket.setReuseAddress(true);
        return;
      } catch (IOException e) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("port " + port + " on " + ClusterSettings.HOST
              + " is in use (another Flink? see ./streamnet cluster status); choose another --port", e);
        }
        sleep(Duration.ofMillis(500));
      }
    }
  }

  private static List<Path> pidFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(file -> file.getFileName().toString().endsWith(PID_SUFFIX)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Long> readPid(Path pidFile) {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True if the process runs a Flink entry point, so a stale pid is never signalled. */
  private static boolean isFlinkJvm(ProcessHandle process) {
    return process.info().arguments()
        .map(arguments -> Arrays.asList(arguments).contains(JOB_MANAGER_MAIN) || Arrays.asList(arguments).contains(TASK_MANAGER_MAIN))
        .orElse(true);
  }

  private static List<String> split(String arguments) {
    return Arrays.stream(arguments.strip().split("\\s+")).filter(part -> !part.isEmpty()).toList();
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Flink cluster", e);
    }
  }
}
