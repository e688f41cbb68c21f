package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import streamnet.cli.DeploymentChecks.Copy;
import streamnet.cli.DeploymentChecks.DeploymentFiles;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;

/**
 * The compose producer's command, run as the container would run it, on the classpath the image
 * has: every path in the command is mapped to the build's file that the Dockerfile copies there,
 * {@code /opt/flink/lib/*} to the jars of Flink's lib/ that {@code flink-cluster} assembles from
 * Maven Central (the modules flink-dist bundles, which is the image's lib/ unbundled), the broker
 * and the data mount to this test's. It needs the packaged jars, hence an IT (after package).
 */
@ExtendWith(SharedKafkaExtension.class)
class ProducerContainerIT {
  private static final Path ROOT = Path.of(System.getProperty("streamnet.root"));
  private static final String FLINK_LIB = DeploymentChecks.FLINK_HOME + "/lib/*";

  @Test
  void theComposeProducerStreamsOnceWithItsLoggingOnTheImagesClasspath(KafkaBootstrap kafka, @TempDir Path dir) throws Exception {
    DeploymentFiles files = DeploymentFiles.read(ROOT);
    Map<String, Path> image = imageFiles(files);
    Map<String, Object> producer = files.service("producer");
    List<String> entrypoint = DeploymentChecks.strings(producer.get("entrypoint"));
    List<String> arguments = new ArrayList<>(DeploymentChecks.strings(producer.get("command")));

    // The mounts: MNIST (tiny, learnable images) and the run-folder volume with produce-once's marker.
    Path mnist = TinyMnist.write(Files.createDirectories(dir.resolve("mnist")), 120, 30);
    Path runs = Files.createDirectories(dir.resolve("runs"));
    String prefix = "container-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    replaceValue(arguments, "--bootstrap", kafka.servers());
    replaceValue(arguments, "--topic-prefix", prefix);
    replaceValue(arguments, "--data", mnist.toString());

    List<String> command = new ArrayList<>();
    for (String word : entrypoint) {
      command.add(hostCommandWord(word, image, runs));
    }
    command.addAll(arguments);
    command.add(0, "bash");  // produce-once.sh, from the image, as its #! would run it

    Run first = run(command, dir.resolve("first.log"));
    assertThat(first.exitCode()).as(first.output()).isZero();
    // The log4j 2 configuration of the image: the Kafka client's INFO version line gets through.
    assertThat(first.output()).contains("Kafka version");
    long training = TopicContents.size(kafka, prefix + "train", Duration.ofSeconds(30));
    assertThat(training).isEqualTo(30L * (120 - 120 / 6));

    Run second = run(command, dir.resolve("second.log"));
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("not streaming again");
    assertThat(TopicContents.size(kafka, prefix + "train", Duration.ofSeconds(30))).isEqualTo(training);
  }

  /** The image's files from the Dockerfile's COPY lines, each a file of this build. */
  private static Map<String, Path> imageFiles(DeploymentFiles files) {
    Map<String, Path> image = new HashMap<>();
    for (Copy copy : DeploymentChecks.copies(files.text(DeploymentChecks.DOCKERFILE))) {
      Path source = ROOT.resolve(copy.source());
      assertThat(source).as("COPY " + copy.source() + " (mvn package writes it)").exists();
      image.put(copy.target(), source);
    }
    return image;
  }

  private static String hostCommandWord(String word, Map<String, Path> image, Path runs) {
    if (word.equals("java")) {
      return ProcessHandle.current().info().command().orElse("java");
    }
    if (word.startsWith("/flink-data/runs/")) {
      return runs.resolve(word.substring("/flink-data/runs/".length())).toString();
    }
    if (word.startsWith("-D") && word.contains("=/")) {
      String value = word.substring(word.indexOf('=') + 1);
      return word.substring(0, word.indexOf('=') + 1) + hostPath(value, image);
    }
    if (word.contains(FLINK_LIB) || (word.startsWith("/") && word.contains(":"))) {
      List<String> entries = new ArrayList<>();
      for (String entry : word.split(":")) {
        entries.add(entry.equals(FLINK_LIB) ? flinkLib() : hostPath(entry, image));
      }
      return String.join(File.pathSeparator, entries);
    }
    if (word.startsWith("/opt/")) {
      return hostPath(word, image);
    }
    return word;
  }

  private static String hostPath(String inImage, Map<String, Path> image) {
    Path host = image.get(inImage);
    assertThat(host).as(inImage + " in the image").isNotNull();
    return host.toString();
  }

  /** Flink's lib/ as flink-cluster assembles it from the modules flink-dist bundles. */
  private static String flinkLib() {
    try {
      return Files.readString(ROOT.resolve("flink-cluster/target/flink-cluster-classpath.txt")).strip();
    } catch (IOException e) {
      throw new AssertionError("flink-cluster/target/flink-cluster-classpath.txt: build the reactor", e);
    }
  }

  private static void replaceValue(List<String> arguments, String flag, String value) {
    int at = arguments.indexOf(flag);
    assertThat(at).as(flag + " in the producer's command").isNotNegative();
    arguments.set(at + 1, value);
  }

  private record Run(int exitCode, String output) {}

  private static Run run(List<String> command, Path log) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the producer did not end within 3 minutes: " + Files.readString(log));
    }
    return new Run(process.exitValue(), Files.readString(log));
  }
}
