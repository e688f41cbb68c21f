package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import streamnet.network.data.Expansion;
import streamnet.producer.Drift;
import streamnet.producer.ExampleSender;
import streamnet.producer.Feed;
import streamnet.producer.FeedSettings;
import streamnet.producer.FolderFeed;
import streamnet.producer.MnistFeed;
import streamnet.producer.ProgressBar;
import streamnet.producer.SendCounts;
import streamnet.producer.SendFailedException;
import streamnet.producer.StreamRun;
import streamnet.producer.files.DigitFolder;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/** {@code ./streamnet produce}: streams MNIST, or the user's own digits, into Kafka. */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Creates the topics <prefix>train, <prefix>validation and <prefix>test if missing, streams the validation and test sets"
          + " once and the training set for --epochs passes, each reshuffled with --seed. With --from-dir, sends your own"
          + " labeled digits instead.",
      "Exit codes: 0 all acknowledged, 1 Kafka failed, 2 some input files were skipped, 130 stopped by Ctrl-C."
    })
final class ProduceCommand implements Callable<Integer> {

  private static final int KAFKA_FAILED = 1;
  private static final int FILES_SKIPPED = 2;
  private static final int INTERRUPTED = 130;

  @Mixin KafkaOptions kafka;
  @Spec CommandSpec spec;

  @Option(names = "--partitions", defaultValue = "" + TopicSettings.DEFAULT_PARTITIONS, description = "Partitions of new topics (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "" + TopicSettings.DEFAULT_REPLICATION_FACTOR, description = "Replication factor of new topics (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Option(names = "--retention-ms", defaultValue = "" + TopicSettings.DEFAULT_RETENTION_MS, description = "retention.ms of new topics (default: ${DEFAULT-VALUE}, 7 days).")
  long retentionMs;

  @Option(names = "--max-message-bytes", defaultValue = "" + TopicSettings.DEFAULT_MAX_MESSAGE_BYTES, description = "max.message.bytes of new topics (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes;

  @Option(names = "--epochs", defaultValue = "" + FeedSettings.DEFAULT_EPOCHS, description = "Passes over the training set (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--seed", defaultValue = "" + FeedSettings.DEFAULT_SEED, description = "Seed of the per-epoch shuffles and of the expansion (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--expand", split = ",", paramLabel = "KIND", description = "Expand training images while streaming: ${COMPLETION-CANDIDATES} (comma-separated).")
  List<Expansion.Kind> expand;

  @Option(names = "--expand-copies", defaultValue = "1", description = "Variants per image of each random kind, ROTATIONS and ELASTIC (default: ${DEFAULT-VALUE}).")
  int expandCopies;

  @Option(names = "--rate", defaultValue = "0", description = "Examples per second, to imitate a live feed; 0 is as fast as possible (default).")
  double rate;

  @Option(names = "--examples-per-record", paramLabel = "N", defaultValue = "1",
      description = "Examples in one Kafka record: 1 writes one record per example (format 1); more write batches of up to N"
          + " examples of one split and epoch (format 3), which cost the job's Kafka input less CPU per example. At most "
          + ExampleCodec.MAX_BATCH + ". Not with --from-dir --forever, where a batch would wait for files to fill it"
          + " (default: ${DEFAULT-VALUE}).")
  int examplesPerRecord;

  @Option(names = "--forever", description = "Never stop: endless training epochs, or keep watching --from-dir for new files. Ctrl-C ends it.")
  boolean forever;

  @Option(names = "--from-dir", paramLabel = "DIR",
      description = "Send the 28x28 grayscale PNG/PGM digits of DIR instead of MNIST, labeled by DIR/labels.csv (file,label) or by the file name's first character (7_mine.png).")
  Path fromDir;

  @Option(names = "--from-dir-split", defaultValue = "TRAINING", description = "Topic for --from-dir digits: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Split fromDirSplit;

  @Option(names = "--drift", paramLabel = "KIND",
      description = "Drift scenario: from --drift-after on, every training example is rotate90 (turned 90° clockwise),"
          + " invert (pixels 255 - x) or permute-labels (label through a permutation of 0-9 without fixed points,"
          + " drawn from --seed). Validation and test stay as they are: the pre-drift reference.")
  String drift;

  @Option(names = "--drift-after", paramLabel = "N", defaultValue = "0",
      description = "With --drift: training examples sent unchanged first, counted across epochs (default: ${DEFAULT-VALUE}).")
  long driftAfter;

  @Mixin DataOptions data;

  @Override
  public Integer call() throws IOException {
    PrintStream err = System.err;
    checkExamplesPerRecord();
    Optional<Drift> drift = drift();
    KafkaClients clients = kafka.clients();
    err.println(kafka.describe());
    createTopics(clients, err);
    Feed feed = feed(drift, err);
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics(), rate, examplesPerRecord)) {
      StreamRun run = new StreamRun(sender, new ProgressBar(err, feed.total(), System.console() != null));
      return streamUntilDoneOrStopped(feed, run, err);
    }
  }

  /** Streams the feed; Ctrl-C stops it between two examples, and what was sent is always reported. */
  private int streamUntilDoneOrStopped(Feed feed, StreamRun run, PrintStream err) throws IOException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopOnCtrlC = new Thread(() -> awaitAfterStop(run, finished), "streamnet-produce-stop");
    Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
    try {
      feed.stream(run);
      SendCounts counts = run.finish("done");
      err.println((run.stopRequested() ? "stopped: " : "") + counts.describe());
      return run.stopRequested() ? INTERRUPTED : skippedFiles(feed) > 0 ? FILES_SKIPPED : 0;
    } catch (SendFailedException e) {
      err.println("\nproduce: " + e.getMessage());
      err.println("produce: " + run.counts().describe());
      return KAFKA_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("\nproduce: interrupted; " + run.counts().describe());
      return INTERRUPTED;
    } finally {
      finished.countDown();
      removeUnlessShuttingDown(stopOnCtrlC);
    }
  }

  /** Shutdown hook body: asks the run to stop and waits until it has flushed and reported. */
  private static void awaitAfterStop(StreamRun run, CountDownLatch finished) {
    run.requestStop();
    try {
      finished.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Removes the hook after a normal end; during a shutdown that is not allowed and not needed. */
  private static void removeUnlessShuttingDown(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running: Ctrl-C brought us here.
    }
  }

  /** Fails fast if Kafka is unreachable, then creates the missing topics. */
  private void createTopics(KafkaClients clients, PrintStream err) {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      List<String> created = Topics.ensure(admin, topics(), clients.timeout());
      err.println(created.isEmpty() ? "topics exist" : "created topics " + String.join(", ", created));
    }
  }

  /** The user's digit folder or MNIST, the latter drifting if {@code drift} says so. */
  private Feed feed(Optional<Drift> drift, PrintStream err) throws IOException {
    if (fromDir != null) {
      return new FolderFeed(new DigitFolder(fromDir, fromDirSplit), fromDirSplit == Split.TRAINING ? 1 : 0, forever, err);
    }
    return new MnistFeed(data.load(), new FeedSettings(epochs, seed, forever, expansion(), drift));
  }

  /**
   * The --drift scenario, if any, checked before Kafka is contacted; --drift-after alone and
   * --drift with --from-dir are refused rather than ignored.
   */
  Optional<Drift> drift() {
    if (drift == null) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--drift-after")) {
        throw new IllegalArgumentException("--drift-after needs --drift KIND (rotate90, invert, permute-labels)");
      }
      return Optional.empty();
    }
    if (fromDir != null) {
      throw new IllegalArgumentException("--drift transforms the MNIST feed; it does not apply to --from-dir");
    }
    return Optional.of(new Drift(driftAfter, Drift.Kind.fromId(drift), seed));
  }

  /** The --expand kinds with --expand-copies, if any. */
  private Optional<Expansion> expansion() {
    return expand == null || expand.isEmpty() ? Optional.empty() : Optional.of(Expansion.of(EnumSet.copyOf(expand), expandCopies));
  }

  /** The topic settings the options describe. */
  private void checkExamplesPerRecord() {
    if (examplesPerRecord < 1 || examplesPerRecord > ExampleCodec.MAX_BATCH) {
      throw new ParameterException(spec.commandLine(),
          "--examples-per-record must be 1 to " + ExampleCodec.MAX_BATCH + ", not " + examplesPerRecord);
    }
    if (examplesPerRecord > 1 && fromDir != null && forever) {
      throw new ParameterException(spec.commandLine(),
          "--examples-per-record above 1 cannot be used with --from-dir --forever: a batch would wait for new files to fill it");
    }
  }

  private TopicSettings topics() {
    return new TopicSettings(kafka.topicPrefix, partitions, replicationFactor, retentionMs, maxMessageBytes);
  }

  /** Input files the feed refused. */
  private static int skippedFiles(Feed feed) {
    return feed instanceof FolderFeed folder ? folder.refused().size() : 0;
  }
}
