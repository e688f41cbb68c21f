package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import streamnet.cli.DeploymentChecks.DeploymentFiles;
import streamnet.cli.DeploymentChecks.Schemas;

/**
 * The deployment check catches each defect class of issue 13: a copy of the real files with one
 * defect planted must make the check name it. The real files pass ({@code DeploymentFilesTest}).
 */
class DeploymentChecksTest {
  private static final Path ROOT = Path.of(System.getProperty("streamnet.root"));
  private static DeploymentFiles files;
  private static Schemas schemas;

  @BeforeAll
  static void read() throws IOException {
    files = DeploymentFiles.read(ROOT);
    schemas = Schemas.read(ROOT);
  }

  static Stream<Arguments> plantedDefects() {
    return Stream.of(
        // The image: a RUN writing outside the Flink home as the flink user; the plugin copied; ending as root.
        planted("Dockerfile RUN as flink", DeploymentChecks.DOCKERFILE, text -> text.replace("USER root\n", ""),
            "RUN writes /flink-data/checkpoints outside /opt/flink as user flink"),
        planted("Dockerfile ends as root", DeploymentChecks.DOCKERFILE, text -> text.replace("USER flink\n", ""),
            "the image ends as user root"),
        planted("Dockerfile copies the Prometheus plugin", DeploymentChecks.DOCKERFILE,
            text -> text.replace("USER root\n", "COPY flink-cluster/target/plugins/metrics-prometheus/ /opt/flink/plugins/metrics-prometheus/\nUSER root\n"),
            "the image ships /opt/flink/plugins/metrics-prometheus/ already"),
        planted("COPY source outside the build context", DeploymentChecks.DOCKERIGNORE, text -> text.replace("!deploy/docker/\n", ""),
            "COPY deploy/docker/log4j2-cli.xml is excluded from the build context"),
        // Strimzi 1.x: v1 only, no obsolete annotations; the CRD schema itself.
        planted("Strimzi v1beta2", "k8s/kafka.yaml", text -> text.replace("kafka.strimzi.io/v1\n", "kafka.strimzi.io/v1beta2\n"),
            "the pinned CRD serves [kafka.strimzi.io/v1] for KafkaNodePool, not kafka.strimzi.io/v1beta2"),
        planted("Strimzi v1beta2 topic", "k8s/topics.yaml", text -> text.replaceFirst("kafka.strimzi.io/v1\n", "kafka.strimzi.io/v1beta2\n"),
            "KafkaTopic mnist-train (kafka.strimzi.io/v1beta2): the pinned CRD serves [kafka.strimzi.io/v1]"),
        planted("Strimzi kraft annotation", "k8s/kafka.yaml",
            text -> text.replace("  name: streamnet\n", "  name: streamnet\n  annotations:\n    strimzi.io/kraft: enabled\n"),
            "annotation strimzi.io/kraft is ignored since Strimzi 0.48"),
        planted("KafkaNodePool field of the wrong type", "k8s/kafka.yaml", text -> text.replace("replicas: 1", "replicas: one"),
            "KafkaNodePool dual-role (kafka.strimzi.io/v1): /spec/replicas: string found, integer expected"),
        planted("FlinkDeployment unknown field", "k8s/flink-deployment.yaml", text -> text.replace("    upgradeMode:", "    parallelizm: 2\n    upgradeMode:"),
            "parallelizm"),
        planted("FlinkDeployment flinkVersion the operator does not know", "k8s/flink-deployment.yaml",
            text -> text.replace("flinkVersion: v2_2", "flinkVersion: v2_9"), "/spec/flinkVersion: does not have a value in the enumeration"),
        planted("producer Job pod template field", "k8s/producer-job.yaml", text -> text.replace("restartPolicy: Never", "restartPolicy: Never\n      restartPolicyy: Never"),
            "restartPolicyy"),
        // HA and savepoint upgrades.
        planted("FlinkDeployment without HA", "k8s/flink-deployment.yaml",
            text -> text.replace("    high-availability.type: kubernetes\n", ""), "no high-availability.type: kubernetes"),
        planted("FlinkDeployment without HA storage", "k8s/flink-deployment.yaml",
            text -> text.replace("    high-availability.storageDir: file:///flink-data/ha\n", ""), "no high-availability.storageDir"),
        planted("FlinkDeployment stateless upgrades", "k8s/flink-deployment.yaml",
            text -> text.replace("upgradeMode: savepoint", "upgradeMode: stateless"), "upgradeMode stateless loses the training state"),
        // The TaskManagers get the Vector API module the dense kernels need.
        planted("compose TaskManagers without the Vector API", DeploymentChecks.COMPOSE,
            text -> text.replace("    env.java.opts.taskmanager: --add-modules=jdk.incubator.vector\n", ""),
            "docker-compose.yml taskmanager: env.java.opts.taskmanager lacks --add-modules=jdk.incubator.vector"),
        planted("FlinkDeployment TaskManagers without the Vector API", "k8s/flink-deployment.yaml",
            text -> text.replace("env.java.opts.taskmanager: --add-modules=jdk.incubator.vector", "env.java.opts.taskmanager: -XX:+UseParallelGC"),
            "FlinkDeployment flinkConfiguration: env.java.opts.taskmanager lacks --add-modules=jdk.incubator.vector"),
        // The model topic against the job's chunk size and retention bound.
        planted("model topic below Kafka's default", "k8s/topics.yaml",
            text -> text.replace("max.message.bytes: 1048576", "max.message.bytes: 1000000"),
            "max.message.bytes 1000000 is below the 1048576 the job's model chunks are sized for"),
        planted("model topic kept whole for a day", "k8s/topics.yaml",
            text -> text.replace("    retention.bytes: 67108864\n", ""),
            "mnist-model retention.bytes is null, the job creates it with 67108864"),
        planted("model topic with partitions", "k8s/topics.yaml",
            text -> text.replace("  topicName: mnist-model\n  partitions: 1", "  topicName: mnist-model\n  partitions: 4"),
            "mnist-model must have one partition"),
        // compose: bounded but inspectable, idempotent, parallelism from Flink's configuration.
        planted("JobManager exits after the job", DeploymentChecks.COMPOSE,
            text -> text.replace("    execution.shutdown-on-application-finish: false\n", ""),
            "execution.shutdown-on-application-finish defaults to true"),
        planted("JobManager without the wrapper", DeploymentChecks.COMPOSE,
            text -> text.replace("entrypoint: [\"/opt/streamnet/compose-jobmanager.sh\"]", "entrypoint: [\"/docker-entrypoint.sh\"]"),
            "trains a second run into the same metrics file"),
        planted("producer without the marker", DeploymentChecks.COMPOSE,
            text -> text.replace("entrypoint: [\"/opt/streamnet/produce-once.sh\", \"/flink-data/runs/.produced-mnist-\",\n                 ", "entrypoint: ["),
            "streams the epochs again into the kept Kafka volume"),
        planted("compose job with --parallelism", DeploymentChecks.COMPOSE,
            text -> text.replace("\"--epochs\", \"30\",\n              \"--run-dir\"", "\"--epochs\", \"30\", \"--parallelism\", \"2\",\n              \"--run-dir\""),
            "fix --parallelism or --checkpoint-interval; take parallelism.default"),
        planted("FlinkDeployment job with --parallelism", "k8s/flink-deployment.yaml",
            text -> text.replace("\"--epochs\", \"30\",", "\"--epochs\", \"30\", \"--parallelism\", \"2\","),
            "job.args fix --parallelism or --checkpoint-interval"),
        planted("every service builds", DeploymentChecks.COMPOSE,
            text -> text.replace("  image: streamnet/flink-job:0.1.0-SNAPSHOT\n", "  image: streamnet/flink-job:0.1.0-SNAPSHOT\n  build: .\n"),
            "services build the image"),
        planted("TaskManagers without restart", DeploymentChecks.COMPOSE,
            text -> text.replace("      - jobmanager\n    restart: unless-stopped\n", "      - jobmanager\n"),
            "service taskmanager has no restart policy"),
        planted("compose key the spec does not know", DeploymentChecks.COMPOSE,
            text -> text.replace("      - jobmanager\n    restart: unless-stopped\n", "      - jobmanager\n    restrat: unless-stopped\n"),
            "restrat"),
        planted("Prometheus not scraping the TaskManagers", DeploymentChecks.PROMETHEUS,
            text -> text.replace("port: 9249", "port: 9250"), "does not scrape taskmanager on the reporter port 9249"),
        // FLINK_PROPERTIES as the entrypoint reads it, and as Flink parses it.
        planted("a comment in FLINK_PROPERTIES", DeploymentChecks.COMPOSE,
            text -> text.replace("    parallelism.default: 2\n", "    # two workers\n    parallelism.default: 2\n"),
            "is not a comment to docker-entrypoint.sh"),
        planted("a misspelt Flink option", DeploymentChecks.COMPOSE,
            text -> text.replace("execution.shutdown-on-application-finish: false", "execution.shutdown-on-application-finished: false"),
            "execution.shutdown-on-application-finished is no Flink"),
        planted("a Flink value that does not parse", "k8s/flink-deployment.yaml",
            text -> text.replace("execution.checkpointing.interval: 10 s", "execution.checkpointing.interval: ten seconds"),
            "execution.checkpointing.interval: ten seconds does not parse"),
        planted("a globbed FLINK_PROPERTIES value", DeploymentChecks.COMPOSE,
            text -> text.replace("    parallelism.default: 2\n", "    parallelism.default: 2\n    metrics.reporter.prom.filter.includes: *:*\n"),
            "is expanded by the shell"),
        // Volumes: checkpoints, savepoints and run folders of the JobManager and the TaskManagers; no fsGroup.
        planted("TaskManagers without the run folder", DeploymentChecks.COMPOSE,
            text -> text.replace("x-flink-volumes: &flink-volumes\n", "x-tm-volumes: &tm-volumes\n  - flink-checkpoints:/flink-data/checkpoints\n  - flink-savepoints:/flink-data/savepoints\n\nx-flink-volumes: &flink-volumes\n")
                .replace("    command: [\"taskmanager\"]\n", "    command: [\"taskmanager\"]\n    volumes: *tm-volumes\n").replace("    volumes: *flink-volumes\n    depends_on:\n      - jobmanager", "    depends_on:\n      - jobmanager"),
            "service taskmanager has no volume for --run-dir /flink-data/runs/compose"),
        planted("checkpoints outside the volumes", DeploymentChecks.COMPOSE,
            text -> text.replace("execution.checkpointing.dir: file:///flink-data/checkpoints", "execution.checkpointing.dir: file:///opt/flink/checkpoints"),
            "service jobmanager has no volume for execution.checkpointing.dir /opt/flink/checkpoints"),
        planted("HA storage outside the volume", "k8s/flink-deployment.yaml",
            text -> text.replace("high-availability.storageDir: file:///flink-data/ha", "high-availability.storageDir: file:///ha"),
            "no volume mount for high-availability.storageDir /ha"),
        planted("fsGroup on the ReadWriteMany volume", "k8s/flink-deployment.yaml",
            text -> text.replace("      initContainers:\n", "      securityContext:\n        fsGroup: 9999\n      initContainers:\n"),
            "securityContext.fsGroup on a ReadWriteMany volume"),
        planted("the shared claim ReadWriteOnce", "k8s/storage.yaml",
            text -> text.replace("    - ReadWriteMany", "    - ReadWriteOnce"), "which is not ReadWriteMany"),
        // The producer container: logging, and a classpath the image has.
        planted("producer without log4j 2 configuration", DeploymentChecks.COMPOSE,
            text -> text.replace("\"java\", \"-Dlog4j2.configurationFile=/opt/streamnet/log4j2-cli.xml\",", "\"java\","),
            "the producer runs without a log4j 2 configuration"),
        planted("k8s producer without log4j 2 configuration", "k8s/producer-job.yaml",
            text -> text.replace("\"java\", \"-Dlog4j2.configurationFile=/opt/streamnet/log4j2-cli.xml\",", "\"java\","),
            "k8s/producer-job.yaml: the producer runs without a log4j 2 configuration"),
        planted("producer classpath not in the image", "k8s/producer-job.yaml",
            text -> text.replace("/opt/streamnet/streamnet-cli.jar", "/opt/flink/usrlib/streamnet-cli.jar"),
            "classpath entry /opt/flink/usrlib/streamnet-cli.jar is not in the image"),
        // Grafana: panels of metrics the job has, no invented ones.
        planted("a dashboard panel of a metric the job lacks", DeploymentChecks.DASHBOARD,
            text -> text.replaceFirst("operator_validationAccuracy", "operator_validationRecall"),
            "panel metric validationRecall is registered by no operator"),
        // k8s/README.md.
        planted("README without fetch-mnist", DeploymentChecks.K8S_README,
            text -> text.replace("./streamnet fetch-mnist", "./streamnet fetch"), "does not say to fetch MNIST"),
        planted("README naming Strimzi 0.45", DeploymentChecks.K8S_README,
            text -> text.replace("Strimzi 1.", "Strimzi 0.45 or later, "), "still names Strimzi 0.45"));
  }

  private static Arguments planted(String defect, String file, UnaryOperator<String> change, String expected) {
    return Arguments.of(defect, Map.of(file, change), expected);
  }

  private static Arguments planted(String defect, String file, UnaryOperator<String> change, String expected,
      String otherFile, UnaryOperator<String> otherChange) {
    return Arguments.of(defect, Map.of(file, change, otherFile, otherChange), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedDefects")
  void theCheckNamesAPlantedDefect(String defect, Map<String, UnaryOperator<String>> changes, String expected) {
    DeploymentFiles planted = files;
    for (Map.Entry<String, UnaryOperator<String>> change : changes.entrySet()) {
      planted = planted.with(change.getKey(), change.getValue());
    }
    List<String> problems = DeploymentChecks.problems(planted, schemas);
    assertThat(problems).as(defect).anySatisfy(problem -> assertThat(problem).contains(expected));
  }

  @Test
  void flinkPropertiesAreReadAsTheImagesEntrypointReadsThem() {
    List<String> problems = new java.util.ArrayList<>();
    Map<String, String> options = DeploymentChecks.parseFlinkProperties(
        "a.b: file:///x/y\n\n  restart-strategy.fixed-delay.delay: 5 s\nkey:with:colons\n", "test", problems);
    assertThat(options).containsExactly(
        Map.entry("a.b", "file:///x/y"), Map.entry("restart-strategy.fixed-delay.delay", "5s"), Map.entry("key", "with:colons"));
    assertThat(problems).isEmpty();
  }

  @Test
  void runCommandsWriteThePathsOfTheirWritingCommands() {
    assertThat(DeploymentChecks.writtenPaths("mkdir -p /flink-data/a /opt/flink/b && chown -R flink:flink /flink-data; echo x > /etc/y"))
        .containsExactly("/flink-data/a", "/opt/flink/b", "/flink-data", "/etc/y");
    assertThat(DeploymentChecks.writtenPaths("cp /opt/flink/opt/x.jar /opt/flink/lib/ | tee /var/log/z")).containsExactly("/opt/flink/lib/", "/var/log/z");
  }

  @Test
  void dockerignoreRulesApplyLastMatchFirst() {
    String rules = "*\n!job/target/streamnet-job-*-job.jar\n!deploy/docker/\n";
    assertThat(DeploymentChecks.ignored(rules, "job/target/streamnet-job-0.1.0-SNAPSHOT-job.jar")).isFalse();
    assertThat(DeploymentChecks.ignored(rules, "deploy/docker/log4j2-cli.xml")).isFalse();
    assertThat(DeploymentChecks.ignored(rules, "deploy/compose/prometheus.yml")).isTrue();
    assertThat(DeploymentChecks.ignored(rules, "job/target/classes")).isTrue();
  }
}
