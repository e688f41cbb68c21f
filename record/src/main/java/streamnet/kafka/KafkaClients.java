package streamnet.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of the producer (and of tools reading its topics), built from a bootstrap address, the user's client properties and
 * a bound on how long anything may wait for the cluster.
 */
public record KafkaClients(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {

  /** How long the producer waits for an unreachable cluster before giving up. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  /** Bytes the producer batches per partition; large batches are what makes lz4 pay. */
  static final int BATCH_BYTES = 512 * 1024;

  /** How long the producer waits to fill a batch. */
  static final int LINGER_MS = 20;

  /** An admin client that gives up after the timeout. */
  public Admin admin() {
    Map<String, Object> config = common();
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(timeout));
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(timeout));
    return Admin.create(config);
  }

  /** An idempotent, acks=all, lz4 producer of raw keys and values. */
  public KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = common();
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
    config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(timeout));
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis(timeout));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(timeout.multipliedBy(2)));
    config.putAll(clientProperties);
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A consumer of raw keys and values that fetches in large batches, for reading whole topics. */
  public KafkaConsumer<byte[], byte[]> consumer() {
    Map<String, Object> config = common();
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(timeout));
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Fails with a clear message unless the cluster answers within the timeout. */
  public void requireReachable(Admin admin) {
    try {
      admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new KafkaUnavailableException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
          + " s (is a broker running? ./streamnet kafka start)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while connecting to " + bootstrapServers, e);
    }
  }

  /** The user's client properties with the bootstrap address. */
  private Map<String, Object> common() {
    Map<String, Object> config = new HashMap<>(clientProperties);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** A duration in whole milliseconds as an int config value. */
  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }
}
