package streamnet.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import streamnet.kafka.TopicSettings;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;

/**
 * Sends examples to the topic of their split, at most at the given rate, and counts what the
 * broker acknowledged. Examples go one to a record (format 1), or up to {@code examplesPerRecord}
 * of one split and epoch to a record (format 3, docs/record-format.md): a batch is sent when it is
 * full, when the next example is of another split or epoch, and on {@link #flush} and
 * {@link #close}. The first failed send stops further sends: idempotent producers do not recover
 * from it.
 */
public final class ExampleSender implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<byte[], byte[]> producer;
  private final TopicSettings topics;
  private final RateLimiter rateLimiter;
  private final int examplesPerRecord;
  private final List<Example> pending = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  /** A sender of one example per record, at most {@code examplesPerSecond} examples per second (0: no limit). */
  public ExampleSender(Producer<byte[], byte[]> producer, TopicSettings topics, double examplesPerSecond) {
    this(producer, topics, examplesPerSecond, 1);
  }

  /**
   * A sender of up to {@code examplesPerRecord} examples per record (1 to
   * {@link ExampleCodec#MAX_BATCH}), at most {@code examplesPerSecond} examples per second (0: no limit).
   */
  public ExampleSender(
      Producer<byte[], byte[]> producer, TopicSettings topics, double examplesPerSecond, int examplesPerRecord) {
    if (examplesPerRecord < 1 || examplesPerRecord > ExampleCodec.MAX_BATCH) {
      throw new IllegalArgumentException(
          "examples per record must be 1 to " + ExampleCodec.MAX_BATCH + ", not " + examplesPerRecord);
    }
    this.producer = producer;
    this.topics = topics;
    this.rateLimiter = new RateLimiter(examplesPerSecond);
    this.examplesPerRecord = examplesPerRecord;
  }

  /** Sends one example, waiting for the rate; throws if an earlier send has failed. */
  public void send(Example example) throws InterruptedException {
    throwIfFailed();
    rateLimiter.acquire();
    if (!pending.isEmpty() && !sameRecord(pending.get(0), example)) {
      sendPending();
    }
    pending.add(example);
    sent.incrementAndGet();
    if (pending.size() == examplesPerRecord) {
      sendPending();
    }
  }

  /** Sends the examples not yet sent, then waits until every one is acknowledged or failed; throws if any failed. */
  public void flush() {
    sendPending();
    producer.flush();
    throwIfFailed();
  }

  /** Whether {@code next} may share a record with {@code first}: the same topic and epoch. */
  private static boolean sameRecord(Example first, Example next) {
    return first.split() == next.split() && first.epoch() == next.epoch();
  }

  /** Sends the pending examples as one record: format 1 for one example, a format-3 batch for more. */
  private void sendPending() {
    if (pending.isEmpty()) {
      return;
    }
    Example first = pending.get(0);
    int count = pending.size();
    byte[] value = count == 1 ? ExampleCodec.encode(first) : ExampleCodec.encodeBatch(pending);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topics.topic(first.split()), ExampleCodec.encodeKey(first), value);
    pending.clear();
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          acknowledged.addAndGet(count);
        } else {
          failed.addAndGet(count);
          firstFailure.compareAndSet(null, error);
        }
      });
    } catch (KafkaException e) {
      failed.addAndGet(count);
      firstFailure.compareAndSet(null, e);
      throw new SendFailedException("cannot send to " + record.topic() + ": " + e.getMessage(), e);
    }
  }

  /** The counts so far. */
  public SendCounts counts() {
    return new SendCounts(sent.get(), acknowledged.get(), failed.get());
  }

  /** Sends what is pending and buffered (waiting at most 30 s) and closes the producer. */
  @Override
  public void close() {
    try {
      sendPending();
    } finally {
      producer.close(CLOSE_TIMEOUT);
    }
  }

  /** Throws the first failure reported by the broker, if any. */
  private void throwIfFailed() {
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new SendFailedException("Kafka refused an example: " + failure.getMessage(), failure);
    }
  }
}
