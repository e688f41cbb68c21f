package streamnet.job.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
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
import streamnet.job.ModelChunk;
import streamnet.job.ModelChunker;
import streamnet.job.ModelUpdate;
import streamnet.job.ModelUpdateCodec;
import streamnet.job.RawRecord;
import streamnet.job.ReferenceReader;
import streamnet.kafka.KafkaClients;
import streamnet.record.Split;

/**
 * The job's Kafka sources and sinks for one run: training, validation and test topics written by
 * the producer, the model topic (one partition: versions and their chunks stay in order) and the
 * dead-letter topic.
 */
public final class KafkaEndpoints {
  public static final String MODEL_TOPIC_SUFFIX = "model";
  public static final String DEAD_LETTER_TOPIC_SUFFIX = "dead-letter";

  /**
   * The model topic's {@code max.message.bytes}: Kafka's default record limit. A model travels in
   * chunks of {@link ModelChunker#CHUNK_PAYLOAD_BYTES}, so any network fits, and a topic left by
   * another run (or fixed by a managed Kafka) at this size serves every run.
   */
  public static final int MODEL_TOPIC_MAX_MESSAGE_BYTES = 1 << 20;
  /**
   * The model topic's {@code retention.bytes}: what a run may leave on the broker, beyond the one
   * segment retention never deletes. A restore needs none of it (the restored averager republishes
   * its version, and a reader whose checkpointed offset is gone starts from the earliest record
   * left, see {@link FromTimeOrEarliest}); it only has to hold the versions workers are reading.
   */
  public static final long MODEL_TOPIC_RETENTION_BYTES = 64L << 20;
  /** The model topic's {@code segment.bytes}: small, because retention deletes whole segments only. */
  public static final int MODEL_TOPIC_SEGMENT_BYTES = 8 << 20;
  /** The model topic's {@code retention.ms}: an ended run's versions go within a day. */
  public static final Duration MODEL_TOPIC_RETENTION = Duration.ofDays(1);

  private final KafkaClients clients;
  private final String prefix;
  private final String runId;

  /** Endpoints for run {@code runId} on the topics of {@code prefix}. */
  public KafkaEndpoints(KafkaClients clients, String prefix, String runId) {
    this.clients = clients;
    this.prefix = prefix;
    this.runId = runId;
  }

  /**
   * The largest record value on the model topic, whatever the network: one full chunk and its
   * header (run ids are UUIDs, 36 characters).
   */
  public static final int MAX_MODEL_RECORD_BYTES =
      ModelChunker.CHUNK_PAYLOAD_BYTES + ModelUpdateCodec.headerBytes(UUID.randomUUID().toString().length());

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
      NewTopic model = new NewTopic(topic(MODEL_TOPIC_SUFFIX), 1, (short) 1).configs(modelTopicConfig());
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

  /** The configuration the job creates the model topic with (docs/architecture.md, "The model topic"). */
  public static Map<String, String> modelTopicConfig() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MODEL_TOPIC_MAX_MESSAGE_BYTES),
        TopicConfig.RETENTION_BYTES_CONFIG, String.valueOf(MODEL_TOPIC_RETENTION_BYTES),
        TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(MODEL_TOPIC_SEGMENT_BYTES),
        TopicConfig.RETENTION_MS_CONFIG, String.valueOf(MODEL_TOPIC_RETENTION.toMillis()));
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
        .setStartingOffsets(new FromTimeOrEarliest(startMillis))
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setDeserializer(deserializer)
        .build();
  }

  /**
   * Publishes model chunks as soon as they exist (no transaction: workers must not wait for a
   * checkpoint), within the producer's default request size.
   */
  public Sink<ModelChunk> modelSink() {
    return KafkaSink.<ModelChunk>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setKafkaProducerConfig(properties())
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new ModelChunkSerializer(topic(MODEL_TOPIC_SUFFIX)))
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
