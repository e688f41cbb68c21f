package streamnet.job.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import streamnet.job.RawRecord;
import streamnet.job.ReferenceReader;
import streamnet.kafka.KafkaClients;

/**
 * The validation and test topics read from their start to their end offsets of the moment, with a
 * consumer of its own (no group, nothing committed).
 */
final class KafkaReferenceReader implements ReferenceReader {
  private static final Duration POLL = Duration.ofMillis(200);
  private final String bootstrapServers;
  private final Map<String, String> clientProperties;
  private final Duration timeout;
  private final List<String> topics;

  KafkaReferenceReader(KafkaClients clients, List<String> topics) {
    this.bootstrapServers = clients.bootstrapServers();
    this.clientProperties = Map.copyOf(clients.clientProperties());
    this.timeout = clients.timeout();
    this.topics = List.copyOf(topics);
  }

  @Override
  public List<RawRecord> read() throws IOException {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaClients(bootstrapServers, clientProperties, timeout).consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      List<RawRecord> records = new ArrayList<>();
      long lastProgress = System.nanoTime();
      while (!reached(consumer, end)) {
        int before = records.size();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          records.add(new RawRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value()));
        }
        if (records.size() > before) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > timeout.toNanos()) {
          throw new IOException("no validation or test records from " + bootstrapServers + " for " + timeout
              + " with " + records.size() + " read of " + topics);
        }
      }
      return records;
    }
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) throws IOException {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
      if (infos == null || infos.isEmpty()) {
        throw new IOException("topic " + topic + " does not exist at " + bootstrapServers);
      }
      infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    }
    return partitions;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey()) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }
}
