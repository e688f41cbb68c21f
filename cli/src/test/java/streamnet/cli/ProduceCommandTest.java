package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.producer.testing.DigitFiles;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;

@ExtendWith(SharedKafkaExtension.class)
class ProduceCommandTest {

  @TempDir Path digits;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @Test
  void anUnreachableBrokerEndsTheRunInBoundedTimeWithExitCodeOne() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    long start = System.nanoTime();
    int exitCode = StreamnetCli.commandLine().execute("produce", "--bootstrap", "127.0.0.1:" + closedPort, "--timeout", "2", "--from-dir", digits.toString());
    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach Kafka at 127.0.0.1:" + closedPort + " within 2 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void sendsGoodDigitsNamesBadFilesAndExitsWithTwo(KafkaBootstrap kafka) throws Exception {
    DigitFiles.writePgm(digits.resolve("3_mine.pgm"), DigitFiles.uniform(200));
    Files.writeString(digits.resolve("4_broken.png"), "not a png");
    int exitCode = StreamnetCli.commandLine().execute("produce", "--bootstrap", kafka.servers(), "--topic-prefix", "cli-",
        "--from-dir", digits.toString(), "--from-dir-split", "TEST");
    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("skipped " + digits.resolve("4_broken.png") + ": not a PNG image",
        "1 examples sent, 1 acknowledged by Kafka, 0 failed, 0 unconfirmed");
    Example sent = ExampleCodec.decode(TopicContents.read(kafka, "cli-test", 1, Duration.ofSeconds(30)).get(0).value());
    assertThat(sent.label()).isEqualTo(3);
    assertThat(sent.epoch()).isZero();
    assertThat(sent.pixels()[0] & 0xFF).isEqualTo(200);
  }

  // Catches: --examples-per-record not reaching the sender (five records of format 1 would arrive),
  // or a partial last batch lost at the end of the run.
  @Test
  void examplesPerRecordSendsBatchesWithAPartialLastOne(KafkaBootstrap kafka) throws Exception {
    for (int digit = 0; digit < 5; digit++) {
      DigitFiles.writePgm(digits.resolve(digit + "_mine.pgm"), DigitFiles.uniform(10 * digit));
    }
    int exitCode = StreamnetCli.commandLine().execute("produce", "--bootstrap", kafka.servers(), "--topic-prefix", "cli-batch-",
        "--from-dir", digits.toString(), "--examples-per-record", "2");
    assertThat(exitCode).isZero();
    assertThat(err.toString()).contains("5 examples sent, 5 acknowledged by Kafka, 0 failed, 0 unconfirmed");
    var records = TopicContents.read(kafka, "cli-batch-train", 3, Duration.ofSeconds(30));
    assertThat(records).extracting(r -> ExampleCodec.decodeAll(r.value()).size()).containsExactlyInAnyOrder(2, 2, 1);
    assertThat(records.stream().flatMap(r -> ExampleCodec.decodeAll(r.value()).stream()).map(Example::label))
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4);
  }

  // Catches: a batch size outside the format's range, or batches with a folder that is watched
  // forever, accepted.
  @Test
  void examplesPerRecordOutsideItsRangeOrWithAWatchedFolderIsRefused() {
    assertThat(StreamnetCli.commandLine().execute("produce", "--examples-per-record", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--examples-per-record must be 1 to 1000, not 0");
    assertThat(StreamnetCli.commandLine().execute("produce", "--examples-per-record", "1001")).isEqualTo(2);
    assertThat(StreamnetCli.commandLine().execute("produce", "--examples-per-record", "10", "--from-dir", digits.toString(),
        "--forever")).isEqualTo(2);
    assertThat(err.toString()).contains("cannot be used with --from-dir --forever");
  }
}
