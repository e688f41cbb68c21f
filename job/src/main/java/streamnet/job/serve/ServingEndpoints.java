package streamnet.job.serve;

import java.util.List;
import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import streamnet.job.RawRecord;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.job.kafka.RawRecordDeserializer;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.ServingTopics;
import streamnet.kafka.TopicSettings;
import streamnet.record.Prediction;

/**
 * The serving job's Kafka sources and sinks on the topics of one prefix: requests from
 * {@code <prefix>predict}, answers to {@code <prefix>predictions}, one run's versions from
 * {@code <prefix>model}.
 */
public final class ServingEndpoints {
  /**
   * The prediction sink's linger: a few ms, since answers are waited for, but enough that at 1,000
   * answers/s a produce request carries about five of them (the broker's request handling, not its
   * appends, is what its threads spend their time on: docs/performance.md, "Request settings").
   */
  static final String PREDICTION_LINGER_MS = "5";
  /**
   * The predict source's fetches return once this much is there (about 20 requests) or after
   * {@link #REQUEST_FETCH_MAX_WAIT_MS}, not with every single request: under load the broker and
   * the source's fetcher thread handle fewer, fuller fetches, and a quiet stream waits at most
   * those 5 ms. Kafka's default (1 byte, 500 ms) answers each fetch as soon as one record is there.
   */
  public static final String REQUEST_FETCH_MIN_BYTES = String.valueOf(16 * 1024);
  public static final String REQUEST_FETCH_MAX_WAIT_MS = "5";
  private final KafkaClients clients;
  private final String prefix;

  public ServingEndpoints(KafkaClients clients, String prefix) {
    this.clients = clients;
    this.prefix = prefix;
  }

  /** Creates the predict, predictions and dead-letter topics if missing. */
  public void createServingTopics() {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      ServingTopics.ensure(admin, TopicSettings.defaults().withPrefix(prefix), clients.timeout());
      streamnet.kafka.Topics.ensure(admin, List.of(prefix + KafkaEndpoints.DEAD_LETTER_TOPIC_SUFFIX),
          new TopicSettings(prefix, 1, TopicSettings.DEFAULT_REPLICATION_FACTOR, TopicSettings.DEFAULT_RETENTION_MS,
              TopicSettings.DEFAULT_MAX_MESSAGE_BYTES),
          clients.timeout());
    }
  }

  /**
   * The predict topic, forever, from the offsets the serving jobs of this prefix committed at their
   * last checkpoint, or from the earliest record: a request sent while no serving job ran is
   * answered when one starts.
   */
  public Source<RawRecord, ?, ?> predictSource() {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setProperties(properties())
        .setTopics(ServingTopics.predict(prefix))
        .setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, REQUEST_FETCH_MIN_BYTES)
        .setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, REQUEST_FETCH_MAX_WAIT_MS)
        .setGroupId(predictGroup(prefix))
        .setStartingOffsets(OffsetsInitializer.committedOffsets(
            org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawRecordDeserializer())
        .build();
  }

  /** The consumer group whose committed offsets say how far the serving jobs of {@code prefix} have answered. */
  public static String predictGroup(String prefix) {
    return "streamnet-serve-" + prefix;
  }

  /** The model topic's one partition. */
  public TopicPartition modelPartition() {
    return new TopicPartition(prefix + KafkaEndpoints.MODEL_TOPIC_SUFFIX, 0);
  }

  /** Run {@code runId}'s versions from {@code start} on the model topic on, forever (past the stop update). */
  public Source<ServedModel, ?, ?> modelSource(String runId, OffsetsInitializer start) {
    String topic = prefix + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    return KafkaSource.<ServedModel>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setProperties(properties())
        .setTopics(topic)
        .setGroupId("streamnet-serve-" + runId + "-model")
        .setStartingOffsets(start)
        .setProperty("commit.offsets.on.checkpoint", "false")
        .setDeserializer(new ServedModelDeserializer(runId))
        .build();
  }

  /** Answers, at least once (a restore may answer a request again, with the same id). */
  public Sink<Prediction> predictionsSink() {
    return KafkaSink.<Prediction>builder()
        .setBootstrapServers(clients.bootstrapServers())
        .setKafkaProducerConfig(properties())
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, PREDICTION_LINGER_MS)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setRecordSerializer(new PredictionSerializer(ServingTopics.predictions(prefix)))
        .build();
  }

  private Properties properties() {
    Properties properties = new Properties();
    properties.putAll(clients.clientProperties());
    return properties;
  }
}
