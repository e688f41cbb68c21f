package streamnet.producer;

import java.time.Duration;
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
 * broker acknowledged. The first failed send stops further sends: idempotent producers do not
 * recover from it.
 */
public final class ExampleSender implements AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final Producer<byte[], byte[]> producer;
  private final TopicSettings topics;
  private final RateLimiter rateLimiter;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  /** A sender that sends at most {@code examplesPerSecond} examples per second (0: no limit). */
  public ExampleSender(Producer<byte[], byte[]> producer, TopicSettings topics, double examplesPerSecond) {
    this.producer = producer;
    this.topics = topics;
    this.rateLimiter = new RateLimiter(examplesPerSecond);
  }

  /** Sends one example, waiting for the rate; throws if an earlier send has failed. */
  public void send(Example example) throws InterruptedException {
    throwIfFailed();
    rateLimiter.acquire();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topics.topic(example.split()), ExampleCodec.encodeKey(example), ExampleCodec.encode(example));
    sent.incrementAndGet();
    try {
      producer.send(record, (metadata, error) -> {
        if (error == null) {
          acknowledged.incrementAndGet();
        } else {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, error);
        }
      });
    } catch (KafkaException e) {
      failed.incrementAndGet();
      firstFailure.compareAndSet(null, e);
      throw new SendFailedException("cannot send to " + record.topic() + ": " + e.getMessage(), e);
    }
  }

  /** Waits until every example sent so far is acknowledged or failed, then throws if any failed. */
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  /** The counts so far. */
  public SendCounts counts() {
    return new SendCounts(sent.get(), acknowledged.get(), failed.get());
  }

  /** Sends what is buffered (waiting at most 30 s) and closes the producer. */
  @Override
  public void close() {
    producer.close(CLOSE_TIMEOUT);
  }

  /** Throws the first failure reported by the broker, if any. */
  private void throwIfFailed() {
    Exception failure = firstFailure.get();
    if (failure != null) {
      throw new SendFailedException("Kafka refused an example: " + failure.getMessage(), failure);
    }
  }
}
