package streamnet.job.serve;

import java.time.Duration;
import java.util.HashMap;
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
import streamnet.job.ModelReassembler;
import streamnet.job.ModelUpdate;
import streamnet.job.ModelUpdateCodec;
import streamnet.kafka.KafkaClients;

/**
 * The run that published last on a model topic (its one partition) and where a reader must start
 * to get that run's newest whole version: the offset of the version's first record. A version's
 * parts come from several writers (the coordinator and each averager shard) and interleave, so the
 * head is found by reading back from the end, a window that grows until it holds a whole version.
 * {@code parameters} is that version's size, or -1 when the run has no whole version yet (then the
 * reader starts at the topic's beginning).
 */
public record ModelTopicHead(String runId, long newestVersionStart, int parameters, long beginningOffset) {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int FIRST_WINDOW = 64;

  /** Whether the newest version fits a network of {@code expected} parameters (unknown: yes). */
  public boolean fits(int expected) {
    return parameters < 0 || parameters == expected;
  }

  /** The head of {@code topic}, or empty if the topic does not exist or holds no record. */
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
      long begin = consumer.beginningOffsets(List.of(partition), clients.timeout()).get(partition);
      long end = consumer.endOffsets(List.of(partition), clients.timeout()).get(partition);
      if (end <= begin) {
        return Optional.empty();
      }
      String runId = ModelUpdateCodec.runId(records(consumer, partition, end - 1, end, clients).get(0).value());
      for (long window = FIRST_WINDOW; ; window *= 4) {
        long from = Math.max(begin, end - window);
        Optional<ModelTopicHead> head = newestWhole(runId, records(consumer, partition, from, end, clients), begin);
        if (head.isPresent()) {
          return head;
        }
        if (from == begin) {
          return Optional.of(new ModelTopicHead(runId, begin, -1, begin));
        }
      }
    }
  }

  /** The newest version of {@code runId} whole within {@code records}, with the offset of its first record. */
  private static Optional<ModelTopicHead> newestWhole(String runId, List<ConsumerRecord<byte[], byte[]>> records,
      long begin) {
    ModelReassembler reassembler = new ModelReassembler(runId);
    Map<String, Long> firstOffsets = new HashMap<>();
    ModelTopicHead newest = null;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (!runId.equals(ModelUpdateCodec.runId(record.value()))) {
        continue;
      }
      ModelChunk chunk = ModelUpdateCodec.decode(record.value());
      String version = chunk.generation() + "/" + chunk.version();
      firstOffsets.putIfAbsent(version, record.offset());
      Optional<ModelUpdate> whole = reassembler.accept(chunk);
      if (whole.isPresent()) {
        newest = new ModelTopicHead(runId, firstOffsets.get(version), whole.get().parameters().length, begin);
      }
    }
    return Optional.ofNullable(newest);
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(KafkaConsumer<byte[], byte[]> consumer,
      TopicPartition partition, long from, long end, KafkaClients clients) {
    consumer.seek(partition, from);
    List<ConsumerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    long deadline = System.nanoTime() + clients.timeout().toNanos();
    while (records.isEmpty() || records.get(records.size() - 1).offset() < end - 1) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the records " + from + " to " + (end - 1) + " of " + partition
            + " did not arrive within " + clients.timeout().toSeconds() + " s");
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
        if (record.offset() < end) {
          records.add(record);
        }
      }
    }
    return records;
  }
}
