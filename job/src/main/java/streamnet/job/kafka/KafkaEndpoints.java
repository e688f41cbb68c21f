package streamnet.job.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import streamnet.job.DeadLetter;
import streamnet.job.ModelUpdate;
import streamnet.job.RawRecord;
import streamnet.job.ReferenceReader;
import streamnet.kafka.KafkaClients;
import streamnet.record.Split;

/**
 * The job's Kafka sources and sinks for one run: training, validation and test topics written by
 * the producer, the model topic (one partition: versions stay in order) and the dead-letter topic.
 */
public final class KafkaEndpoints {
  public static final String MODEL_TOPIC_SUFFIX = "model";
  public static final String DEAD_LETTER_TOPIC_SUFFIX = "dead-letter";

  private final KafkaClients clients;
  private final String prefix;
  private final String runId;
  private final int maxModelBytes;

  /** Endpoints for a run whose model has {@code parameters} parameters (with velocity: twice). */
  public KafkaEndpoints(KafkaClients clients, String prefix, String runId, int parameters) {
    this.clients = clients;
    this.prefix = prefix;
    this.runId = runId;
    this.maxModelBytes = maxModelBytes(parameters);
  }

  /**
   * The largest model record of a network with {@code parameters} parameters, and so the model
   * topic's {@code max.message.bytes}: 4 bytes per parameter and per velocity entry, plus room for
   * the header, never below Kafka's default of 1 MiB.
   */
  public static int maxModelBytes(int parameters) {
    return Math.max(1 << 20, 8 * parameters + (64 << 10));
  }

  public String topic(String suffix) {
    return prefix + suffix;
  }

  /**
   * Checks that the producer's topics exist, then creates the model and dead-letter topics if
   * missing; fails clearly if Kafka is unreachable or nothing was produced.
   */
  public void createJobTopics() {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      Set<String> existing = admin.listTopics().names().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
      for (Split split : Split.values()) {
        if (!existing.contains(topic(split.topicSuffix()))) {
          throw new IllegalStateException("topic " + topic(split.topicSuffix()) + " does not exist at "
              + clients.bootstrapServers() + ": stream MNIST first with ./streamnet produce --topic-prefix " + prefix);
        }
      }
      NewTopic model = new NewTopic(topic(MODEL_TOPIC_SUFFIX), 1, (short) 1)
          .configs(Map.of(
              TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxModelBytes),
              TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis())));
      NewTopic deadLetters = new NewTopic(topic(DEAD_LETTER_TOPIC_SUFFIX), 1, (short) 1);
      for (NewTopic topic : List.of(model, deadLetters)) {
        try {
          admin.createTopics(List.of(topic)).all().get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not create the job's topics in time", e);
    }
  }

  /** The training topic from the start: up to its end at job start, or forever for live data. */
  public Source<RawRecord, ?, ?> trainingSource(boolean unbounded) {
    KafkaSourceBuilder<RawRecord> builder = rawSource(List.of(topic(Split.TRAINING.topicSuffix())), "training");
    if (unbounded) {
      return builder.build();
    }
    return new EndsAfterRestoreSource<>(builder.setBounded(OffsetsInitializer.latest()).build());
  }

  /** The validation and test topics, read whole by the averager at its start and after every restore. */
  public ReferenceReader referenceReader() {
    return new KafkaReferenceReader(clients,
        List.of(topic(Split.VALIDATION.topicSuffix()), topic(Split.TEST.topicSuffix())));
  }

  /** This run's model updates from {@code startMillis} on, read forever through {@code deserializer}. */
  public Source<ModelUpdate, ?, ?> modelSource(
      long startMillis, KafkaRecordDeserializationSchema<ModelUpdate> deserializer) {
    return KafkaSource.<ModelUpdate>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setProperties(properties())
        .setTopics(topic(MODEL_TOPIC_SUFFIX))
        .setGroupId("streamnet-" + runId + "-model")
        .setStartingOffsets(OffsetsInitializer.timestamp(startMillis))
        .setProperty("max.partition.fetch.bytes", String.valueOf(maxModelBytes))
        .setProperty("fetch.max.bytes", String.valueOf(maxModelBytes))
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setDeserializer(deserializer)
        .build();
  }

  /** Publishes model versions as soon as they exist (no transaction: workers must not wait for a checkpoint). */
  public Sink<ModelUpdate> modelSink() {
    return KafkaSink.<ModelUpdate>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setKafkaProducerConfig(properties())
        .setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(maxModelBytes))
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new ModelUpdateSerializer(topic(MODEL_TOPIC_SUFFIX)))
        .build();
  }

  /** The dead-letter topic: the record's own key and value, the reason and origin in headers. */
  public Sink<DeadLetter> deadLetterSink() {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setKafkaProducerConfig(properties())
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new DeadLetterSerializer(topic(DEAD_LETTER_TOPIC_SUFFIX)))
        .build();
  }

  private KafkaSourceBuilder<RawRecord> rawSource(List<String> topics, String role) {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setProperties(properties())
        .setTopics(topics)
        .setGroupId("streamnet-" + runId + "-" + role)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new RawRecordDeserializer());
  }

  private Properties properties() {
    Properties properties = new Properties();
    properties.putAll(clients.clientProperties());
    return properties;
  }
}
