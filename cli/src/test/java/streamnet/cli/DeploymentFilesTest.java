package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.ParseResult;
import streamnet.cluster.ClusterSettings;
import streamnet.job.TrainingJob;
import streamnet.job.TrainingJobArguments;
import streamnet.job.TrainingJobSetup;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.TopicSettings;
import streamnet.record.Split;

/**
 * docker-compose.yml, the Dockerfile and k8s/ agree with the code: no engine runs them here, so
 * this reads them and compares image tags, ports, topic names, the jar path and the entry class
 * with the build, and parses the job's and the producer's arguments with their own commands.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of(System.getProperty("streamnet.root"));
  private static final String FLINK_VERSION = System.getProperty("streamnet.flink.version");
  private static final String USRLIB_JAR = "/opt/flink/usrlib/streamnet-job.jar";
  private static final String CLI_JAR = "/opt/streamnet/streamnet-cli.jar";
  private static final String CLI_CLASSPATH = "/opt/flink/lib/*:" + CLI_JAR;
  private static final String PROMETHEUS_PORT = "9249";

  @Test
  void everyYamlFileParses() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml")));
    try (Stream<Path> k8s = Files.list(ROOT.resolve("k8s"))) {
      k8s.filter(file -> file.toString().endsWith(".yaml")).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThan(4);
    for (Path file : files) {
      assertThat(documents(file)).as(file.toString()).isNotEmpty().doesNotContainNull();
    }
  }

  @Test
  void theImageIsFlinkOfTheBuildWithTheShadedJarInUsrlibAndTheCliJar() throws IOException {
    List<String> dockerfile = Files.readAllLines(ROOT.resolve("Dockerfile"));
    assertThat(dockerfile).contains("FROM flink:" + FLINK_VERSION + "-java17");
    assertThat(DeploymentChecks.copies(String.join("\n", dockerfile))).contains(
        new DeploymentChecks.Copy("job/target/" + JobJar.fileName(), USRLIB_JAR),
        new DeploymentChecks.Copy("cli/target/" + System.getProperty("streamnet.cli.jar"), CLI_JAR));
  }

  /** Every check of {@link DeploymentChecks} on the files as they are: schemas, Dockerfile, Flink options, volumes, topics. */
  @Test
  void theDeploymentFilesPassEveryCheck() throws IOException {
    assertThat(DeploymentChecks.problems(DeploymentChecks.DeploymentFiles.read(ROOT), DeploymentChecks.Schemas.read(ROOT))).isEmpty();
  }

  @Test
  void composeRunsTheJobMainWithFlagsItAcceptsAgainstItsKafka() throws IOException {
    Map<String, Object> services = map(documents(ROOT.resolve("docker-compose.yml")).get(0), "services");
    Map<String, Object> kafka = map(services, "kafka");
    assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + System.getProperty("streamnet.kafka.broker.version"));
    String advertised = (String) map(kafka, "environment").get("KAFKA_ADVERTISED_LISTENERS");

    Map<String, Object> jobManager = map(services, "jobmanager");
    List<String> command = strings(jobManager.get("command"));
    int classname = command.indexOf("--job-classname");
    assertThat(classname).isPositive();
    // Flink's configuration as the image's entrypoint reads FLINK_PROPERTIES: parallelism and checkpointing come from it.
    Map<String, String> flinkProperties = DeploymentChecks.parseFlinkProperties(
        (String) map(jobManager, "environment").get("FLINK_PROPERTIES"), "compose", new ArrayList<>());
    TrainingJobSetup job = parseJob(command.get(classname + 1), command.subList(classname + 2, command.size()), flinkProperties);
    assertThat(job.settings().parallelism()).isEqualTo(2);
    assertThat(job.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(advertised).isEqualTo("PLAINTEXT://" + job.bootstrap());
    assertThat(job.runDir().toString()).startsWith("/flink-data/runs/");
    assertThat(strings(jobManager.get("ports"))).containsExactlyInAnyOrder(
        ClusterSettings.DEFAULT_REST_PORT + ":" + ClusterSettings.DEFAULT_REST_PORT, PROMETHEUS_PORT + ":" + PROMETHEUS_PORT);

    Map<String, Object> flink = new Yaml().load((String) map(jobManager, "environment").get("FLINK_PROPERTIES"));
    assertThat(flink.get("metrics.reporter.prom.factory.class"))
        .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    assertThat(String.valueOf(flink.get("metrics.reporter.prom.port"))).isEqualTo(PROMETHEUS_PORT);
    List<String> mounts = strings(jobManager.get("volumes"));
    assertThat(mounts).contains("flink-checkpoints:/flink-data/checkpoints", "flink-savepoints:/flink-data/savepoints");
    assertThat(flink.get("execution.checkpointing.dir")).isEqualTo("file:///flink-data/checkpoints");
    assertThat(flink.get("execution.checkpointing.savepoint-dir")).isEqualTo("file:///flink-data/savepoints");

    ParseResult produce = parseProduce(strings(map(services, "producer").get("command")));
    assertThat(produce.matchedOptionValue("--bootstrap", "")).isEqualTo(job.bootstrap());
    assertThat(produce.matchedOptionValue("--topic-prefix", "")).isEqualTo(job.topicPrefix());
    assertThat(strings(map(services, "producer").get("entrypoint"))).contains(CLI_CLASSPATH, StreamnetCli.class.getName());
  }

  @Test
  void theFlinkDeploymentRunsTheJobMainFromTheImageAgainstStrimzi() throws IOException {
    Map<String, Object> deployment = kind(k8s(), "FlinkDeployment").get(0);
    Map<String, Object> spec = map(deployment, "spec");
    String[] version = FLINK_VERSION.split("\\.");
    assertThat(spec.get("flinkVersion")).isEqualTo("v" + version[0] + "_" + version[1]);
    assertThat(spec.get("image")).isEqualTo(map(map(documents(ROOT.resolve("docker-compose.yml")).get(0), "services"), "jobmanager").get("image"));
    Map<String, Object> job = map(spec, "job");
    assertThat(job.get("jarURI")).isEqualTo("local://" + USRLIB_JAR);
    assertThat(job.get("upgradeMode")).isEqualTo("savepoint");
    Map<String, String> flink = new HashMap<>(DeploymentChecks.flinkDeploymentOptions(DeploymentChecks.DeploymentFiles.read(ROOT)));
    // The operator sets parallelism.default from spec.job.parallelism; no --parallelism in args may override it.
    flink.put("parallelism.default", String.valueOf(job.get("parallelism")));
    List<String> args = strings(job.get("args"));
    assertThat(args).doesNotContain("--parallelism", "--checkpoint-interval");
    TrainingJobSetup arguments = parseJob((String) job.get("entryClass"), args, flink);
    assertThat(arguments.settings().parallelism()).isEqualTo(job.get("parallelism")).isEqualTo(2);
    assertThat(arguments.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(arguments.bootstrap()).isEqualTo(strimziBootstrap());
    assertThat(map(spec, "flinkConfiguration").get("execution.checkpointing.savepoint-dir")).isEqualTo("file:///flink-data/savepoints");
  }

  @Test
  void strimziHasTheTopicsTheProducerAndTheJobUse() throws IOException {
    Set<String> topics = kind(k8s(), "KafkaTopic").stream()
        .map(topic -> (String) map(topic, "spec").get("topicName"))
        .collect(Collectors.toSet());
    String prefix = TopicSettings.DEFAULT_PREFIX;
    Set<String> expected = Stream.concat(
            Stream.of(Split.values()).map(Split::topicSuffix),
            Stream.of(KafkaEndpoints.MODEL_TOPIC_SUFFIX, KafkaEndpoints.DEAD_LETTER_TOPIC_SUFFIX))
        .map(suffix -> prefix + suffix)
        .collect(Collectors.toSet());
    assertThat(topics).isEqualTo(expected);

    Map<String, Object> container = map(map(map(kind(k8s(), "Job").get(0), "spec"), "template"), "spec");
    Map<String, Object> producer = maps(container.get("containers")).get(0);
    ParseResult produce = parseProduce(strings(producer.get("args")));
    assertThat(produce.matchedOptionValue("--bootstrap", "")).isEqualTo(strimziBootstrap());
    assertThat(produce.matchedOptionValue("--topic-prefix", "")).isEqualTo(prefix);
    assertThat(strings(producer.get("command"))).contains(CLI_CLASSPATH, StreamnetCli.class.getName());
  }

  /** compose-jobmanager.sh, run by bash with a stand-in for the image's docker-entrypoint.sh. */
  @Test
  void theComposeJobManagerStartsTheRunResumesItOrStaysUpWithoutAJobOnceItFinished(@TempDir Path dir) throws Exception {
    List<String> command = strings(map(map(documents(ROOT.resolve("docker-compose.yml")).get(0), "services"), "jobmanager").get("command"));
    String runDir = command.get(0);
    String jobId = command.get(1);
    Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
    Path run = Files.createDirectories(dir.resolve("run"));
    List<String> jobArguments = command.subList(2, command.size());

    assertThat(runWrapper(dir, checkpoints, run, jobId, jobArguments))
        .isEqualTo("standalone-job --job-id " + jobId + " " + String.join(" ", jobArguments));

    for (String chk : List.of("chk-3", "chk-12", "chk-13")) {
      Files.createDirectories(checkpoints.resolve(jobId).resolve(chk));
    }
    Files.writeString(checkpoints.resolve(jobId).resolve("chk-3/_metadata"), "x");
    Files.writeString(checkpoints.resolve(jobId).resolve("chk-12/_metadata"), "x");  // chk-13 is incomplete
    assertThat(runWrapper(dir, checkpoints, run, jobId, jobArguments)).isEqualTo("standalone-job --job-id " + jobId
        + " --fromSavepoint file://" + checkpoints.resolve(jobId).resolve("chk-12") + " " + String.join(" ", jobArguments));

    Files.writeString(run.resolve("final.json"), "{}");
    assertThat(runWrapper(dir, checkpoints, run, jobId, jobArguments)).isEqualTo("jobmanager");
    assertThat(runDir).isEqualTo(jobArguments.get(jobArguments.indexOf("--run-dir") + 1));
  }

  private static String runWrapper(Path dir, Path checkpoints, Path run, String jobId, List<String> arguments) throws Exception {
    Path entrypoint = dir.resolve("entrypoint.sh");
    Files.writeString(entrypoint, "#!/usr/bin/env bash\necho \"$*\" > " + dir.resolve("started") + "\n");
    entrypoint.toFile().setExecutable(true);
    List<String> bash = new ArrayList<>(List.of("bash", ROOT.resolve("deploy/docker/compose-jobmanager.sh").toString(), run.toString(), jobId));
    bash.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(bash).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
    builder.environment().put("FLINK_ENTRYPOINT", entrypoint.toString());
    builder.environment().put("STREAMNET_CHECKPOINTS", checkpoints.toString());
    assertThat(builder.start().waitFor()).as(Files.readString(dir.resolve("out"))).isZero();
    return Files.readString(dir.resolve("started")).strip();
  }

  /** produce-once.sh streams once per set of volumes, and again only if the first attempt failed. */
  @Test
  void theComposeProducerStreamsOncePerSetOfVolumes(@TempDir Path dir) throws Exception {
    Path marker = dir.resolve("runs/.produced-mnist-");
    Path count = dir.resolve("count");
    String script = ROOT.resolve("deploy/docker/produce-once.sh").toString();
    List<String> fails = List.of("bash", script, marker.toString(), "false");
    assertThat(new ProcessBuilder(fails).inheritIO().start().waitFor()).isNotZero();
    assertThat(marker).doesNotExist();
    List<String> produce = List.of("bash", script, marker.toString(), "bash", "-c", "echo sent >> " + count);
    for (int run = 0; run < 2; run++) {
      assertThat(new ProcessBuilder(produce).inheritIO().start().waitFor()).isZero();
    }
    assertThat(Files.readAllLines(count)).containsExactly("sent");
    assertThat(marker).exists();
  }

  /** The bootstrap service Strimzi creates: {@code <cluster>-kafka-bootstrap:<plain listener port>}. */
  private static String strimziBootstrap() throws IOException {
    Map<String, Object> kafka = kind(k8s(), "Kafka").get(0);
    Map<String, Object> listener = maps(map(map(kafka, "spec"), "kafka").get("listeners")).get(0);
    return map(kafka, "metadata").get("name") + "-kafka-bootstrap:" + listener.get("port");
  }

  /**
   * Parses job arguments as the entry class's main does, over Flink's configuration {@code flink};
   * the entry class must be TrainingJob, the job jar's main class.
   */
  private static TrainingJobSetup parseJob(String entryClass, List<String> arguments, Map<String, String> flink) {
    assertThat(load(entryClass)).isEqualTo(TrainingJob.class);
    return TrainingJobSetup.of(TrainingJobArguments.parse(arguments.toArray(String[]::new)), Configuration.fromMap(flink));
  }

  private static ParseResult parseProduce(List<String> arguments) {
    ParseResult parsed = StreamnetCli.commandLine().parseArgs(arguments.toArray(String[]::new)).subcommand();
    assertThat(parsed.commandSpec().name()).isEqualTo("produce");
    return parsed;
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("no class " + name, e);
    }
  }

  private static List<Map<String, Object>> k8s() throws IOException {
    List<Map<String, Object>> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(maps(documents(file)));
      }
    }
    return all;
  }

  private static List<Map<String, Object>> kind(List<Map<String, Object>> resources, String kind) {
    List<Map<String, Object>> matching = resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
    assertThat(matching).as("resources of kind " + kind).isNotEmpty();
    return matching;
  }

  private static List<Object> documents(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      List<Object> documents = new ArrayList<>();
      new Yaml().loadAll(in).forEach(documents::add);
      return documents;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object parent, String key) {
    Object child = ((Map<String, Object>) parent).get(key);
    assertThat(child).as(key).isInstanceOf(Map.class);
    return (Map<String, Object>) child;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return (List<Map<String, Object>>) list;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return ((List<Object>) list).stream().map(String::valueOf).toList();
  }
}
