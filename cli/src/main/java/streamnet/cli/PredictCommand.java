package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import streamnet.network.data.Dataset;
import streamnet.producer.files.BadDigitFileException;
import streamnet.producer.files.DigitImages;
import streamnet.record.Prediction;

/**
 * {@code ./streamnet predict}: sends digit files to the serving job and prints each answer, or
 * (with {@code --rate}) loads the serving path with MNIST test images and reports latency,
 * accuracy, throughput and model freshness.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Sends 28x28 grayscale PNG or PGM digits to <prefix>predict and prints, per file, the digit, its confidence and",
      "the model version that answered (./streamnet serve must run). With --rate N: sends --count MNIST test images",
      "at N per second and reports latency (send to receipt), accuracy, throughput and model freshness."
    })
final class PredictCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin DataOptions data;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "PNG or PGM digits, 28x28, 0 = background.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--from-dir", paramLabel = "DIR", description = "Every .png and .pgm file of DIR, in name order.")
  Path fromDir;

  @Option(names = "--rate", paramLabel = "N",
      description = "Load the serving path: N MNIST test images per second (0 = as fast as possible).")
  Double rate;

  @Option(names = "--count", paramLabel = "M", defaultValue = "10000",
      description = "With --rate: images to send, the test set's cycled (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--warmup", paramLabel = "W", defaultValue = "0",
      description = "With --rate: first send W more images at the same rate, left out of the report, so that this"
          + " client's and the serving job's JIT compilers are done before measuring (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--senders", paramLabel = "T", defaultValue = "1",
      description = "With --rate: sending threads, each sending every T-th request at rate/T per second, so"
          + " that one thread's send loop does not limit the load (default: ${DEFAULT-VALUE}).")
  int senders;

  @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long to wait for answers after the last send (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() throws Exception {
    if (rate != null) {
      if (!files.isEmpty() || fromDir != null) {
        throw new IllegalArgumentException("--rate sends MNIST test images: no FILE or --from-dir with it");
      }
      return load(System.out);
    }
    List<Path> digits = new ArrayList<>(files);
    if (fromDir != null) {
      try (Stream<Path> listed = Files.list(fromDir)) {
        digits.addAll(listed.filter(Files::isRegularFile).filter(DigitImages::isDigitImage).sorted().toList());
      }
    }
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("name digit files, --from-dir DIR, or --rate N");
    }
    return predictFiles(digits, System.out);
  }

  /** Sends each readable file and prints its answer as it comes; 1 if a file was refused or unanswered. */
  private int predictFiles(List<Path> digits, PrintStream out) throws IOException {
    List<Path> sent = new ArrayList<>();
    boolean refused = false;
    try (PredictionClient client = new PredictionClient(kafka.clients(), kafka.topicPrefix)) {
      for (Path file : digits) {
        try {
          client.send(sent.size(), DigitImages.read(file));
          sent.add(file);
        } catch (BadDigitFileException e) {
          out.println(e.getMessage());
          refused = true;
        }
      }
      client.flush();
      BitSet answered = new BitSet(sent.size());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
      while (answered.cardinality() < sent.size() && System.nanoTime() < deadline) {
        client.receive((prediction, receivedNanos, recordMillis) -> {
          int n = client.requestNumber(prediction, sent.size());
          if (n >= 0 && !answered.get(n)) {
            answered.set(n);
            out.printf(Locale.ROOT, "%s: %d (confidence %.3f), model generation %d version %d, %d ms%n",
                sent.get(n), prediction.digit(), prediction.confidence(), prediction.generation(),
                prediction.version(), prediction.latencyMillis());
          }
        });
      }
      for (int n = answered.nextClearBit(0); n < sent.size(); n = answered.nextClearBit(n + 1)) {
        out.println(sent.get(n) + ": no answer within " + waitSeconds + " s (is ./streamnet serve running on prefix "
            + kafka.topicPrefix + "?)");
        refused = true;
      }
    }
    return refused ? 1 : 0;
  }

  /**
   * The --rate load: sends {@code warmup + count} pre-encoded requests from {@code --senders}
   * threads, receives here, reports on the last {@code count} at the end.
   */
  private int load(PrintStream out) throws Exception {
    Dataset test = data.load().test();
    PreEncodedRequests requests = new PreEncodedRequests(test);
    int total = warmup + count;
    LoadReport report = new LoadReport(count);
    try (PredictionClient client = new PredictionClient(kafka.clients(), kafka.topicPrefix)) {
      AtomicLongArray sentNanos = new AtomicLongArray(total);
      AtomicLongArray acknowledgedNanos = new AtomicLongArray(total);
      long startMillis = System.currentTimeMillis();
      long startNanos = System.nanoTime();
      long[] sendingEnd = new long[1];
      Thread sending = new Thread(() -> {
        try {
          LoadSenders.sendAll(total, senders, rate, n -> {
            sentNanos.set(n, System.nanoTime());
            client.send(n, requests, acknowledgedNanos::set);
          });
          client.flush();
          sendingEnd[0] = System.nanoTime();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "predict-senders");
      sending.start();
      long deadline = Long.MAX_VALUE;
      while (report.answered() < count && System.nanoTime() < deadline) {
        client.receive((prediction, receivedNanos, recordMillis) -> {
          int n = client.requestNumber(prediction, total);
          if (n >= warmup && sentNanos.get(n) != 0) {
            if (report.answered() == 0 && warmup > 0) {
              out.println("warm-up over: measuring the next " + count + " answers");
            }
            long receivedMillis = startMillis + (receivedNanos - startNanos) / 1_000_000;
            report.record(n - warmup, prediction, receivedNanos - sentNanos.get(n), receivedNanos, receivedMillis,
                recordMillis, prediction.digit() == test.label(n % test.size()), startMillis);
          }
        });
        if (!sending.isAlive() && deadline == Long.MAX_VALUE) {
          deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        }
      }
      sending.join();
      report.sending(sendingEnd[0] - startNanos, sendingEnd[0] - sentNanos.get(warmup));
      for (int n = warmup; n < total; n++) {
        report.acknowledged(acknowledgedNanos.get(n) - sentNanos.get(n));
      }
    }
    report.print(out, rate, warmup, senders);
    return report.answered() == count ? 0 : 1;
  }

  /** What a load run measured: latency and freshness histograms, accuracy, throughput. */
  private static final class LoadReport {
    private final BitSet answered;
    private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram servingMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private final Histogram freshnessMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    /** The hops of a request, client send to receipt (docs/performance.md, "Where the latency goes"). */
    private final Histogram acknowledgedMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram sinkMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private final Histogram deliveryMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
    private int answeredCount;
    private long measuredSendNanos;
    private final Map<Long, Boolean> versionsSeen = new HashMap<>();
    private long correct;
    private long firstReceipt;
    private long lastReceipt;
    private long sendNanos;

    private final int measured;

    LoadReport(int count) {
      answered = new BitSet(count);
      measured = count;
    }

    int answered() {
      return answeredCount;
    }

    /** All sends took {@code allNanos} to their last acknowledgement, the measured ones {@code measuredNanos}. */
    void sending(long allNanos, long measuredNanos) {
      sendNanos = allNanos;
      measuredSendNanos = measuredNanos;
    }

    /** A measured request's broker acknowledgement came {@code nanos} after its send (not at all if not positive). */
    void acknowledged(long nanos) {
      if (nanos > 0) {
        acknowledgedMicros.recordValue(nanos / 1_000);
      }
    }

    /**
     * One answer, counted once. A version published after the load started adds its freshness —
     * publication to its first answer here — once.
     */
    void record(int n, Prediction prediction, long latencyNanos, long receivedNanos, long receivedMillis,
        long recordMillis, boolean right, long startMillis) {
      if (answered.get(n)) {
        return;
      }
      answered.set(n);
      answeredCount++;
      sinkMillis.recordValue(Math.max(0, recordMillis - prediction.answeredMillis()));
      deliveryMillis.recordValue(Math.max(0, receivedMillis - recordMillis));
      if (firstReceipt == 0) {
        firstReceipt = receivedNanos;
      }
      lastReceipt = receivedNanos;
      latencyMicros.recordValue(Math.max(0, latencyNanos / 1_000));
      servingMillis.recordValue(Math.max(0, prediction.latencyMillis()));
      if (right) {
        correct++;
      }
      long key = ((long) prediction.generation() << 48) ^ prediction.version();
      if (versionsSeen.putIfAbsent(key, Boolean.TRUE) == null && prediction.modelPublishedMillis() >= startMillis) {
        freshnessMillis.recordValue(Math.max(0, prediction.modelAgeMillis()));
      }
    }

    void print(PrintStream out, double rate, int warmup, int senders) {
      int n = answered();
      out.printf(Locale.ROOT, "answered %d of the requests sent at %s/s after %d warm-up requests (sending took %.2f s)%n",
          n, rate == 0 ? "unlimited" : String.valueOf(rate), warmup, sendNanos / 1e9);
      out.printf(Locale.ROOT, "sending: %.0f requests/s from %d sender threads (the %d measured, first send to last"
              + " broker acknowledgement)%n",
          measuredSendNanos > 0 ? measured / (measuredSendNanos / 1e9) : 0, senders, measured);
      printHop(out, "client send -> broker acknowledgement of the request", acknowledgedMicros, 1e3);
      if (n == 0) {
        return;
      }
      double span = (lastReceipt - firstReceipt) / 1e9;
      out.printf(Locale.ROOT, "throughput: %.0f answers/s (first to last answer, %.2f s)%n",
          span > 0 ? (n - 1) / span : 0, span);
      out.printf(Locale.ROOT, "accuracy: %.4f on the MNIST test images sent%n", (double) correct / n);
      out.printf(Locale.ROOT, "latency send -> receipt (ms): p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f%n",
          latencyMicros.getValueAtPercentile(50) / 1e3, latencyMicros.getValueAtPercentile(99) / 1e3,
          latencyMicros.getValueAtPercentile(99.9) / 1e3, latencyMicros.getMaxValue() / 1e3);
      out.printf(Locale.ROOT, "serving time, request timestamp -> answer computed (ms): p50 %d, p99 %d, max %d%n",
          servingMillis.getValueAtPercentile(50), servingMillis.getValueAtPercentile(99), servingMillis.getMaxValue());
      printHop(out, "answer computed -> answer record timestamp (the sink's send)", sinkMillis, 1);
      printHop(out, "answer record timestamp -> receipt here", deliveryMillis, 1);
      out.printf(Locale.ROOT, "model versions answering: %d; freshness, publication -> first answer here, over the %d"
              + " published during the load (ms): p50 %d, p99 %d, max %d%n",
          versionsSeen.size(), freshnessMillis.getTotalCount(), freshnessMillis.getValueAtPercentile(50),
          freshnessMillis.getValueAtPercentile(99), freshnessMillis.getMaxValue());
    }

    private static void printHop(PrintStream out, String hop, Histogram histogram, double perMilli) {
      out.printf(Locale.ROOT, "hop %s (ms): p50 %.2f, p99 %.2f, max %.2f%n", hop,
          histogram.getValueAtPercentile(50) / perMilli, histogram.getValueAtPercentile(99) / perMilli,
          histogram.getMaxValue() / perMilli);
    }
  }
}
