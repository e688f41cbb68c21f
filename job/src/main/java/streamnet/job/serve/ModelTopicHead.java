package streamnet.job.serve;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import streamnet.job.ModelChunk;
import streamnet.job.ModelUpdateCodec;
import streamnet.kafka.KafkaClients;

/**
 * The newest record on a model topic (its one partition) and where a reader must start to get the
 * newest whole version of its run: at the first chunk of that version if the record completes it,
 * else one version earlier (the newest is still being written). Chunks of one version follow one
 * another on the partition, so the offsets are the record's minus its index (and minus one more
 * version's chunks).
 */
public record ModelTopicHead(long offset, ModelChunk chunk, long beginningOffset) {
  private static final Duration POLL = Duration.ofMillis(200);

  /** The run that published last. */
  public String runId() {
    return chunk.runId();
  }

  /** The offset to read from for the newest whole version of {@link #runId()}. */
  public long newestVersionStart() {
    long start = chunk.index() == chunk.count() - 1 ? offset - chunk.index() : offset - chunk.index() - chunk.count();
    return Math.max(beginningOffset, start);
  }

  /**
   * Whether the newest version's body fits a network of {@code parameters} parameters, with or
   * without a momentum velocity of as many: 29 bytes of scalars and counts, four per float.
   */
  public boolean fits(int parameters) {
    long withoutVelocity = 29L + 4L * parameters;
    return chunk.bodyBytes() == withoutVelocity || chunk.bodyBytes() == withoutVelocity + 4L * parameters;
  }

  /** The newest record of {@code topic}, or empty if the topic does not exist or holds none. */
  public static Optional<ModelTopicHead> read(KafkaClients clients, String topic) {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      if (!admin.listTopics().names().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS).contains(topic)) {
        return Optional.empty();
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list the topics at " + clients.bootstrapServers() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic, e);
    }
    TopicPartition partition = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
      consumer.assign(List.of(partition));
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(List.of(partition), clients.timeout());
      Map<TopicPartition, Long> end = consumer.endOffsets(List.of(partition), clients.timeout());
      long last = end.get(partition) - 1;
      if (last < begin.get(partition)) {
        return Optional.empty();
      }
      consumer.seek(partition, last);
      long deadline = System.nanoTime() + clients.timeout().toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (record.offset() == last) {
            return Optional.of(new ModelTopicHead(last, ModelUpdateCodec.decode(record.value()), begin.get(partition)));
          }
        }
      }
      throw new IllegalStateException("the newest record of " + topic + " (offset " + last + ") did not arrive within "
          + clients.timeout().toSeconds() + " s");
    }
  }
}
