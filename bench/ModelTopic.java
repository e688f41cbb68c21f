import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * bench/scale.sh's look at the job's model topic (format 3, docs/record-format.md), run as a
 * single-file program on the CLI's classpath:
 *
 *   create BOOTSTRAP TOPIC        the model topic as the job creates it (1 partition, 1 MiB records)
 *                                 but with retention off, so a run's bytes can be counted after it
 *   end BOOTSTRAP TOPIC           the partition's end offset
 *   stats BOOTSTRAP TOPIC FROM    reads FROM..end and prints, as key=value lines: records, bytes
 *                                 (key + value), versions (distinct generation/version with a
 *                                 header), generations (more than 1: the job restarted), slice_bytes per shard (body bytes of parts 1..S, summed
 *                                 over versions), header_bytes, max_record
 *   dump BOOTSTRAP TOPIC FROM     the same, and one line per record (offset, generation, version, part)
 */
public final class ModelTopic {
  public static void main(String[] args) throws Exception {
    String bootstrap = args[1];
    String topic = args[2];
    Properties common = new Properties();
    common.put("bootstrap.servers", bootstrap);
    switch (args[0]) {
      case "create" -> {
        try (Admin admin = Admin.create(common)) {
          if (admin.listTopics().names().get().contains(topic)) {
            System.out.println("exists " + topic);
            return;
          }
          admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
              "max.message.bytes", "1048576", "retention.bytes", "-1", "retention.ms", "-1",
              "segment.bytes", String.valueOf(64 << 20))))).all().get();
          System.out.println("created " + topic);
        }
      }
      case "end" -> {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(common)) {
          TopicPartition tp = new TopicPartition(topic, 0);
          System.out.println(consumer.endOffsets(List.of(tp)).get(tp));
        }
      }
      case "stats" -> stats(common, topic, Long.parseLong(args[3]), false);
      case "dump" -> stats(common, topic, Long.parseLong(args[3]), true);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(Properties common) {
    Properties p = new Properties();
    p.putAll(common);
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("enable.auto.commit", "false");
    p.put("max.partition.fetch.bytes", String.valueOf(8 << 20));
    return new KafkaConsumer<>(p);
  }

  private static void stats(Properties common, String topic, long from, boolean dump) {
    TopicPartition tp = new TopicPartition(topic, 0);
    long records = 0;
    long bytes = 0;
    long headerBytes = 0;
    int maxRecord = 0;
    long earliest = -1;
    Set<String> versions = new HashSet<>();
    Set<Integer> generations = new HashSet<>();
    Map<Integer, Long> sliceBytes = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(common)) {
      consumer.assign(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long begin = consumer.beginningOffsets(List.of(tp)).get(tp);
      consumer.seek(tp, Math.max(from, begin));
      long position = Math.max(from, begin);
      while (position < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
          if (earliest < 0) {
            earliest = r.offset();
          }
          position = r.offset() + 1;
          int size = (r.key() == null ? 0 : r.key().length) + r.value().length;
          records++;
          bytes += size;
          maxRecord = Math.max(maxRecord, size);
          ByteBuffer v = ByteBuffer.wrap(r.value());
          v.get(); // format
          int n = v.getShort() & 0xffff;
          v.position(v.position() + n);
          int generation = v.getInt();
          long version = v.getLong();
          int part = v.getInt();
          v.getInt(); // parts
          v.getInt(); // index
          v.getInt(); // count
          v.getInt(); // body bytes
          int payload = v.remaining();
          generations.add(generation);
          if (dump) {
            System.out.println("offset=" + r.offset() + " generation=" + generation + " version=" + version
                + " part=" + part + " bytes=" + size);
          }
          if (part == 0) {
            headerBytes += size;
            versions.add(generation + "/" + version);
          } else {
            sliceBytes.merge(part - 1, (long) payload, Long::sum);
          }
        }
      }
      System.out.println("from=" + from);
      System.out.println("first_read=" + earliest);
      System.out.println("end=" + end);
    }
    System.out.println("records=" + records);
    System.out.println("bytes=" + bytes);
    System.out.println("versions=" + versions.size());
    System.out.println("generations=" + generations.size());
    System.out.println("header_bytes=" + headerBytes);
    System.out.println("max_record=" + maxRecord);
    StringBuilder s = new StringBuilder();
    sliceBytes.forEach((shard, b) -> s.append(s.length() == 0 ? "" : ",").append(b));
    System.out.println("slice_bytes=" + s);
  }
}
