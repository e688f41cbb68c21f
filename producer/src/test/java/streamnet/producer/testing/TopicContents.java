package streamnet.producer.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import streamnet.kafka.KafkaClients;

/** Reads a whole topic from the beginning, for assertions on what a producer wrote. */
public final class TopicContents {

  private TopicContents() {}

  /** At least {@code count} records of the topic (waiting for them up to the timeout), each partition in offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> read(KafkaBootstrap kafka, String topic, int count, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaClients(kafka.servers(), Map.of(), timeout).consumer()) {
      Instant deadline = Instant.now().plus(timeout);
      List<TopicPartition> partitions = partitions(consumer, topic, deadline);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(count);
      while (records.size() < count && Instant.now().isBefore(deadline)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  /** Records in the topic now: the sum of its partitions' end offsets (no compaction, no transactions). */
  public static long size(KafkaBootstrap kafka, String topic, Duration timeout) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaClients(kafka.servers(), Map.of(), timeout).consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic, Instant.now().plus(timeout));
      return consumer.endOffsets(partitions, timeout).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The topic's partitions, waiting for the topic to appear if it is still being created. */
  private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, Instant deadline) {
    List<TopicPartition> partitions = List.of();
    while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
      partitions = consumer.partitionsFor(topic, Duration.between(Instant.now(), deadline)).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
    }
    if (partitions.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " did not appear");
    }
    return partitions;
  }
}
