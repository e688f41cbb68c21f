package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import streamnet.producer.files.BadDigitFileException;
import streamnet.producer.files.DigitFolder;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;
import streamnet.producer.testing.DigitFiles;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;

@ExtendWith(SharedKafkaExtension.class)
class FolderFeedTest {

  @TempDir Path dir;

  private static TopicSettings topics(String prefix, KafkaClients clients) {
    TopicSettings topics = TopicSettings.defaults().withPrefix(prefix);
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, topics, clients.timeout());
    }
    return topics;
  }

  @Test
  void sendsTheGoodDigitsAndReportsEveryBadFileByName(KafkaBootstrap kafka) throws Exception {
    DigitFiles.writePgm(dir.resolve("0_a.pgm"), DigitFiles.uniform(10));
    DigitFiles.writePgm(dir.resolve("1_b.pgm"), DigitFiles.uniform(20));
    Files.writeString(dir.resolve("2_corrupt.png"), "not a png");
    Files.write(dir.resolve("3_short.pgm"), "P5 28 28 255\n123".getBytes());
    DigitFiles.writePgm(dir.resolve("unlabeled.pgm"), DigitFiles.uniform(30));
    Files.writeString(dir.resolve("notes.txt"), "not an image, not looked at");

    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), Duration.ofSeconds(30));
    TopicSettings topics = topics("folder-", clients);
    ByteArrayOutputStream problems = new ByteArrayOutputStream();
    FolderFeed feed = new FolderFeed(new DigitFolder(dir, Split.TRAINING), 1, false, new PrintStream(problems, true));
    SendCounts counts;
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      StreamRun run = new StreamRun(sender, new ProgressBar(new PrintStream(new ByteArrayOutputStream()), feed.total(), false));
      feed.stream(run);
      counts = run.finish("done");
    }

    assertThat(counts).isEqualTo(new SendCounts(2, 2, 0));
    assertThat(feed.refused()).map(BadDigitFileException::file).map(path -> path.getFileName().toString())
        .containsExactly("2_corrupt.png", "3_short.pgm", "unlabeled.pgm");
    assertThat(problems.toString()).contains("skipped " + dir.resolve("2_corrupt.png"), "3_short.pgm: truncated", "unlabeled.pgm: no label");
    List<Example> sent = TopicContents.read(kafka, "folder-train", 2, Duration.ofSeconds(30)).stream()
        .map(record -> ExampleCodec.decode(record.value())).sorted(java.util.Comparator.comparingInt(Example::id)).toList();
    assertThat(sent).containsExactly(new Example(0, Split.TRAINING, 1, 0, DigitFiles.uniform(10)), new Example(1, Split.TRAINING, 1, 1, DigitFiles.uniform(20)));
  }

  @Test
  void aLiveFeedPicksUpNewFilesUntilStopped(KafkaBootstrap kafka) throws Exception {
    DigitFiles.writePgm(dir.resolve("4.pgm"), DigitFiles.uniform(40));
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), Duration.ofSeconds(30));
    TopicSettings topics = topics("live-folder-", clients);
    FolderFeed feed = new FolderFeed(new DigitFolder(dir, Split.TEST), 0, true, new PrintStream(new ByteArrayOutputStream()));
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      StreamRun run = new StreamRun(sender, new ProgressBar(new PrintStream(new ByteArrayOutputStream()), feed.total(), false));
      var executor = Executors.newSingleThreadExecutor();
      Future<?> streaming = executor.submit(() -> {
        feed.stream(run);
        return null;
      });
      assertThat(TopicContents.read(kafka, "live-folder-test", 1, Duration.ofSeconds(30))).hasSize(1);
      DigitFiles.writePgm(dir.resolve("5.pgm"), DigitFiles.uniform(50));
      assertThat(TopicContents.read(kafka, "live-folder-test", 2, Duration.ofSeconds(30))).hasSize(2);
      run.requestStop();
      streaming.get(10, java.util.concurrent.TimeUnit.SECONDS);
      executor.shutdown();
      assertThat(run.finish("done")).isEqualTo(new SendCounts(2, 2, 0));
    }
  }
}
