import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a run left on a model topic: the topic's configuration, every record read back with a
 * consumer (count, largest key + value + headers), and, from the broker's partition folder, the
 * segment files and the largest record batch on disk (the size max.message.bytes limits).
 *
 * <pre>
 * java -cp "$(cat /tmp/wte-brokercp.txt)" bench/ModelTopicReport.java 127.0.0.1:19792 big-model /tmp/wte-kafka/data
 * </pre>
 * Needs only kafka-clients on the class path (the broker's class path has it).
 */
public class ModelTopicReport {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String topic = args[1];
    Path logDirs = Path.of(args[2]);
    Properties common = new Properties();
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(common)) {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      for (String name : List.of("max.message.bytes", "retention.bytes", "retention.ms", "segment.bytes", "cleanup.policy")) {
        System.out.printf("config %s = %s%n", name, config.get(name).value());
      }
    }
    Properties props = new Properties();
    props.putAll(common);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 << 20);
    props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    long records = 0;
    long bytes = 0;
    int maxValue = 0;
    int maxRecord = 0;
    long firstOffset = -1;
    long lastOffset = -1;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      System.out.printf("offsets: beginning %s, end %s%n", begin, end);
      long remaining = end.values().stream().mapToLong(Long::longValue).sum()
          - begin.values().stream().mapToLong(Long::longValue).sum();
      long idle = 0;
      while (remaining > 0 && idle < 20) {
        var batch = consumer.poll(Duration.ofSeconds(1));
        idle = batch.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
          int value = r.value() == null ? 0 : r.value().length;
          int size = value + (r.key() == null ? 0 : r.key().length);
          for (Header h : r.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
          }
          if (firstOffset < 0) {
            firstOffset = r.offset();
          }
          lastOffset = r.offset();
          records++;
          bytes += size;
          maxValue = Math.max(maxValue, value);
          maxRecord = Math.max(maxRecord, size);
          remaining--;
        }
      }
    }
    System.out.printf("consumer: %d records (offsets %d..%d), %d bytes of keys+values+headers,"
        + " largest value %d bytes, largest key+value+headers %d bytes%n", records, firstOffset, lastOffset, bytes, maxValue, maxRecord);
    for (Path partition : partitionDirs(logDirs, topic)) {
      long segmentBytes = 0;
      int maxBatch = 0;
      int files = 0;
      long batches = 0;
      try (Stream<Path> listing = Files.list(partition)) {
        for (Path file : listing.sorted().toList()) {
          if (file.toString().endsWith(".log")) {
            files++;
            segmentBytes += Files.size(file);
            int[] stat = batches(file);
            maxBatch = Math.max(maxBatch, stat[0]);
            batches += stat[1];
          }
        }
      }
      System.out.printf("disk %s: %d segment files, %d bytes of .log, %d batches, largest batch %d bytes%n",
          partition.getFileName(), files, segmentBytes, batches, maxBatch);
    }
  }

  private static List<Path> partitionDirs(Path logDirs, String topic) throws IOException {
    try (Stream<Path> listing = Files.list(logDirs)) {
      return listing.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-\\d+")).sorted().toList();
    }
  }

  /** Largest batch (baseOffset + length field + batchLength) and the number of batches of a segment file. */
  private static int[] batches(Path segment) throws IOException {
    int max = 0;
    int count = 0;
    try (InputStream in = Files.newInputStream(segment); DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in))) {
      while (true) {
        try {
          data.readLong();
          int length = data.readInt();
          if (length <= 0) {
            break;
          }
          data.skipNBytes(length);
          max = Math.max(max, length + 12);
          count++;
        } catch (EOFException e) {
          break;
        }
      }
    }
    return new int[] {max, count};
  }
}
