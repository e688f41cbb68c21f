package streamnet.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import streamnet.job.serve.ServingEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.ServingTopics;
import streamnet.kafka.TopicSettings;
import streamnet.record.ExampleCodec;
import streamnet.record.Prediction;
import streamnet.record.PredictionCodec;
import streamnet.record.UnlabeledExample;

/**
 * The client side of the serving path: sends unlabeled examples to {@code <prefix>predict} and
 * reads the answers to them from {@code <prefix>predictions}, which it starts reading at its end
 * before the first send, so it sees every answer to its own requests and none older. Its requests
 * take consecutive ids from a random base, so answers to other clients' requests are told apart.
 */
final class PredictionClient implements AutoCloseable {
  /**
   * The request producer, set for a load client that keeps up with the serving job: a request
   * waits at most 5 ms for others to share its batch (at 1,000/s about five requests a batch, a
   * fifth of the produce requests the broker handles at 1 ms; under full load batches of 512 KiB
   * fill first), lz4 (81 % of MNIST's pixels are 0: a batch shrinks several
   * times, and the bytes, not the compression, limit the broker here: 79.6k requests/s with lz4
   * against 39.5k without, docs/performance.md), acks from the partition leader
   * only and no idempotence: a request is answered at least once anyway (the serving job may answer
   * one again after a restore), so the broker need not sequence or replicate it before answering,
   * and five batches in flight per connection keep the broker busy while one is acknowledged.
   */
  static final Map<String, String> REQUEST_PRODUCER = Map.of(
      ProducerConfig.LINGER_MS_CONFIG, "5",
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.ACKS_CONFIG, "1",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false",
      ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
  /**
   * The answers' fetches, as the serving job's request fetches: a fetch returns once about 170
   * answers are there or after 5 ms; read_uncommitted (Kafka's default, stated because a
   * read_committed reader would wait for transactions the at-least-once serving sink never opens).
   */
  static final Map<String, String> ANSWER_CONSUMER = Map.of(
      ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(16 * 1024),
      ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ServingEndpoints.REQUEST_FETCH_MAX_WAIT_MS,
      ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
  private static final Duration POLL = Duration.ofMillis(20);
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String predictTopic;
  private final int firstId;

  PredictionClient(KafkaClients clients, String prefix) {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      ServingTopics.ensure(admin, TopicSettings.defaults().withPrefix(prefix), clients.timeout());
    }
    // --kafka-config's properties win over these settings, as over every client default.
    Map<String, String> producerProperties = new HashMap<>(REQUEST_PRODUCER);
    producerProperties.putAll(clients.clientProperties());
    this.producer = new KafkaClients(clients.bootstrapServers(), producerProperties, clients.timeout()).producer();
    Map<String, String> consumerProperties = new HashMap<>(ANSWER_CONSUMER);
    consumerProperties.putAll(clients.clientProperties());
    this.consumer = new KafkaClients(clients.bootstrapServers(), consumerProperties, clients.timeout()).consumer();
    this.predictTopic = ServingTopics.predict(prefix);
    String predictions = ServingTopics.predictions(prefix);
    List<TopicPartition> partitions = consumer.partitionsFor(predictions, clients.timeout()).stream()
        .map((PartitionInfo info) -> new TopicPartition(predictions, info.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // resolves the end now, before any request is sent
    this.firstId = new Random().nextInt(1 << 30);
  }

  /** The id of request number {@code n} of this client. */
  int id(int n) {
    return firstId + n;
  }

  /** The request number of an answer's id, or -1 if the answer is not to this client (among {@code sent} requests). */
  int requestNumber(Prediction prediction, int sent) {
    long n = (long) prediction.id() - firstId;
    return n >= 0 && n < sent ? (int) n : -1;
  }

  /** Sends request number {@code n} (timestamped now: the serving job times its answer from it). */
  void send(int n, byte[] pixels) {
    UnlabeledExample example = new UnlabeledExample(id(n), pixels);
    producer.send(new ProducerRecord<>(predictTopic, null, System.currentTimeMillis(),
        ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
  }

  /**
   * Sends request number {@code n} of a load, its value taken from {@code requests} (timestamped
   * now); {@code acknowledged} is told when the broker has appended it, with the nanoTime then.
   */
  void send(int n, PreEncodedRequests requests, Acknowledged acknowledged) {
    int id = id(n);
    producer.send(new ProducerRecord<>(predictTopic, null, System.currentTimeMillis(),
            ExampleCodec.encodeKey(id), requests.value(n, id)),
        (metadata, failure) -> {
          if (failure == null) {
            acknowledged.at(n, System.nanoTime());
          }
        });
  }

  /** Where the broker's acknowledgements of load requests go. */
  interface Acknowledged {
    void at(int n, long nanos);
  }

  /** Makes sure every request sent so far has reached Kafka; fails if one could not be written. */
  void flush() {
    producer.flush();
  }

  /** Hands every answer that arrives within one poll to {@code answer}, with the nanoTime of its receipt. */
  void receive(AnswerHandler answer) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
      answer.accept(PredictionCodec.decode(record.value()), System.nanoTime(), record.timestamp());
    }
  }

  /**
   * What to do with an answer, when it was received (nanoTime) and its record's timestamp (the
   * serving job's clock when its sink handed it to Kafka).
   */
  interface AnswerHandler {
    void accept(Prediction prediction, long receivedNanos, long recordMillis);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close();
  }
}
