package streamnet.producer.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one) run as a child JVM from the jars
 * of the kafka-broker module. Its folder holds {@code server.properties}, {@code data/},
 * {@code broker.log} and {@code broker.pid}; closing it sends SIGTERM, a clean shutdown.
 */
public final class KafkaBroker implements AutoCloseable {

  /** The line the broker logs once it accepts clients. */
  static final String STARTED_MARKER = "Kafka Server started";

  static final String PROPERTIES_FILE = "server.properties";
  static final String LOG_FILE = "broker.log";
  static final String PID_FILE = "broker.pid";
  private static final String LOG4J_FILE = "log4j2.properties";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

  /** The settings a formatted folder is bound to ({@link #formattedIdentity}). */
  private static final List<String> FORMATTED_SETTINGS = List.of(
      "node.id", "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners", "log.dirs");

  /**
   * How often the broker enforces retention: every 30 s, not Kafka's 5 minutes. The model topic is
   * kept by bytes (64 MiB), and a big network publishes megabytes a second: between 5-minute checks
   * a [784,800,10] run left 2 GB on this broker.
   */
  static final String RETENTION_CHECK_INTERVAL_MS = "30000";

  private final BrokerSettings settings;
  private final ProcessHandle process;

  private KafkaBroker(BrokerSettings settings, ProcessHandle process) {
    this.settings = settings;
    this.process = process;
  }

  /** Formats the folder if it is new, starts the broker and returns once it accepts clients. */
  public static KafkaBroker start(BrokerSettings settings) {
    requireFree(settings.port());
    requireFree(settings.controllerPort());
    Path dir = settings.dir().toAbsolutePath();
    String classpath = BrokerClasspath.load();
    try {
      Files.createDirectories(dir);
      writeConfiguration(settings, dir);
      if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
        format(settings, dir, classpath);
      }
      Process process = launch(settings, dir, classpath, List.of("kafka.Kafka", dir.resolve(PROPERTIES_FILE).toString()), dir.resolve(LOG_FILE));
      Files.writeString(dir.resolve(PID_FILE), Long.toString(process.pid()));
      awaitStarted(settings, dir.resolve(LOG_FILE), process);
      LOG.info("Kafka broker {} started at {} (pid {})", dir, settings.bootstrapServers(), process.pid());
      return new KafkaBroker(settings, process.toHandle());
    } catch (IOException e) {
      throw new BrokerException("cannot prepare the broker folder " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The address clients bootstrap from. */
  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** The broker JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Stops the broker: SIGTERM, then a kill if it has not shut down in 30 seconds. */
  @Override
  public void close() {
    terminate(process);
    deletePidFile(settings.dir());
  }

  /** The pid of the broker running from this folder, if its pid file names a live process. */
  public static Optional<ProcessHandle> running(Path dir) {
    Path pidFile = dir.resolve(PID_FILE);
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      long pid = Long.parseLong(Files.readString(pidFile).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(KafkaBroker::isBrokerJvm);
    } catch (IOException | NumberFormatException e) {
      throw new BrokerException("unreadable pid file " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /** Stops the broker started from this folder by another process; false if none was running. */
  public static boolean stop(Path dir) {
    Optional<ProcessHandle> broker = running(dir);
    broker.ifPresent(KafkaBroker::terminate);
    deletePidFile(dir);
    return broker.isPresent();
  }

  /** The last lines of the broker's log, to show when something went wrong. */
  public static String logTail(Path dir, int lines) {
    try {
      List<String> all = Files.readAllLines(dir.resolve(LOG_FILE), StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no broker log: " + e.getMessage() + ")";
    }
  }

  /** Fails with a clear message if something already listens on the port. */
  private static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(BrokerSettings.HOST))) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new BrokerException("port " + port + " on " + BrokerSettings.HOST
          + " is already in use (another broker? see ./streamnet kafka status); choose another port", e);
    }
  }

  /** Writes server.properties and the broker's logging configuration. */
  private static void writeConfiguration(BrokerSettings settings, Path dir) throws IOException {
    Path propertiesFile = dir.resolve(PROPERTIES_FILE);
    String properties = serverProperties(settings, dir.resolve("data"));
    if (Files.exists(dir.resolve("data").resolve("meta.properties"))
        && Files.exists(propertiesFile)
        && !formattedIdentity(Files.readString(propertiesFile)).equals(formattedIdentity(properties))) {
      // The controller's address is part of the formatted metadata; another port needs another folder.
      throw new BrokerException("the broker folder " + dir + " was set up with other ports (see its "
          + PROPERTIES_FILE + "); use those ports or another folder");
    }
    Files.writeString(propertiesFile, properties);
    try (InputStream log4j = KafkaBroker.class.getResourceAsStream(LOG4J_FILE)) {
      Files.write(dir.resolve(LOG4J_FILE), log4j.readAllBytes());
    }
  }

  /**
   * The settings a formatted folder is bound to: the node, its listeners and controller, its data
   * folder. The others are written afresh at every start, so a folder set up by an earlier version
   * starts with this version's settings.
   */
  static List<String> formattedIdentity(String properties) {
    return properties.lines()
        .filter(line -> FORMATTED_SETTINGS.stream().anyMatch(key -> line.startsWith(key + "=")))
        .sorted()
        .toList();
  }

  /** The KRaft combined-mode configuration of a single local node. */
  static String serverProperties(BrokerSettings settings, Path dataDir) {
    String host = BrokerSettings.HOST;
    String listeners = "PLAINTEXT://" + host + ":" + settings.port() + ",CONTROLLER://" + host + ":" + settings.controllerPort();
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.bootstrap.servers=" + host + ":" + settings.controllerPort(),
        "listeners=" + listeners,
        "advertised.listeners=" + listeners,
        "controller.listener.names=CONTROLLER",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + dataDir,
        "num.partitions=1",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "log.retention.check.interval.ms=" + RETENTION_CHECK_INTERVAL_MS,
        "");
  }

  /** Formats the data folder as a new single-node cluster. */
  private static void format(BrokerSettings settings, Path dir, String classpath) throws IOException {
    List<String> arguments = List.of("kafka.tools.StorageTool", "format", "--cluster-id=" + newClusterId(),
        "-c", dir.resolve(PROPERTIES_FILE).toString(), "--standalone");
    Path formatLog = dir.resolve("format.log");
    Process process = launch(settings, dir, classpath, arguments, formatLog);
    try {
      if (!process.waitFor(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BrokerException("formatting " + dir + " took longer than " + settings.startTimeout());
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BrokerException("interrupted while formatting " + dir, e);
    }
    if (process.exitValue() != 0) {
      throw new BrokerException("formatting " + dir + " failed:\n" + Files.readString(formatLog));
    }
  }

  /**
   * A random cluster id: 16 bytes in URL-safe base64 without padding, 22 characters, never starting
   * with '-', which command lines would take for an option (Kafka's own Uuid avoids it too).
   */
  static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }

  /**
   * C1 code and the serial collector: a broker's work here is copying bytes between sockets and
   * files, which C1 code does as well, and on a machine of two cores C2 and G1 spent about half
   * the broker's CPU (docs/performance.md, "The broker's JVM").
   */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** Starts a JVM on the broker's classpath whose output goes to the given file. */
  private static Process launch(BrokerSettings settings, Path dir, String classpath, List<String> mainAndArguments, Path output)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + settings.heapMegabytes() + "m"));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of(
        "-Dlog4j2.configurationFile=" + dir.resolve(LOG4J_FILE),
        "-cp", classpath));
    command.addAll(extraJvmOptions());
    command.addAll(mainAndArguments);
    return new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
  }

  /** JVM options from {@code STREAMNET_KAFKA_JVM_OPTS}, for profiling or tuning the broker's JVM. */
  private static List<String> extraJvmOptions() {
    String value = System.getenv("STREAMNET_KAFKA_JVM_OPTS");
    return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
  }

  /** Waits until the log says the broker started; fails if it exits or takes too long. */
  private static void awaitStarted(BrokerSettings settings, Path log, Process process) {
    Instant deadline = Instant.now().plus(settings.startTimeout());
    while (!logContains(log, STARTED_MARKER)) {
      if (!process.isAlive()) {
        deletePidFile(settings.dir());
        throw new BrokerException("the broker exited with code " + process.exitValue() + " while starting; its log ends with:\n"
            + logTail(settings.dir(), 30));
      }
      if (Instant.now().isAfter(deadline)) {
        terminate(process.toHandle());
        deletePidFile(settings.dir());
        throw new BrokerException("the broker did not start within " + settings.startTimeout().toSeconds()
            + " s; its log ends with:\n" + logTail(settings.dir(), 30));
      }
      sleep(Duration.ofMillis(100));
    }
  }

  /** True if the file exists and holds the text. */
  private static boolean logContains(Path log, String text) {
    try {
      return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True if the process is a java process running kafka.Kafka, so a stale pid is never killed. */
  private static boolean isBrokerJvm(ProcessHandle process) {
    return process.info().arguments().map(arguments -> List.of(arguments).contains("kafka.Kafka")).orElse(true);
  }

  /** SIGTERM, wait for a clean shutdown, then kill. */
  private static void terminate(ProcessHandle process) {
    process.destroy();
    try {
      process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("Kafka broker pid {} did not stop within {}; killing it", process.pid(), STOP_TIMEOUT);
      process.destroyForcibly();
    }
  }

  /** Removes the pid file, if any. */
  private static void deletePidFile(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(PID_FILE));
    } catch (IOException e) {
      LOG.warn("cannot delete {}: {}", dir.resolve(PID_FILE), e.getMessage());
    }
  }

  /** Sleeps, keeping the interrupt. */
  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerException("interrupted while waiting for the broker", e);
    }
  }
}
