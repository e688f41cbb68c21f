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
  /** The producer's linger: a request waits at most this long for others to share its batch. */
  private static final String LINGER_MS = "1";
  private static final Duration POLL = Duration.ofMillis(20);
  /** The answers' fetches, as the serving job's request fetches: about 170 answers, or 2 ms. */
  private static final String ANSWER_FETCH_MIN_BYTES = String.valueOf(16 * 1024);
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String predictTopic;
  private final int firstId;

  PredictionClient(KafkaClients clients, String prefix) {
    try (Admin admin = clients.admin()) {
      clients.requireReachable(admin);
      ServingTopics.ensure(admin, TopicSettings.defaults().withPrefix(prefix), clients.timeout());
    }
    Map<String, String> producerProperties = new HashMap<>(clients.clientProperties());
    producerProperties.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    this.producer = new KafkaClients(clients.bootstrapServers(), producerProperties, clients.timeout()).producer();
    Map<String, String> consumerProperties = new HashMap<>(clients.clientProperties());
    consumerProperties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, ANSWER_FETCH_MIN_BYTES);
    consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ServingEndpoints.REQUEST_FETCH_MAX_WAIT_MS);
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

  /** Makes sure every request sent so far has reached Kafka; fails if one could not be written. */
  void flush() {
    producer.flush();
  }

  /** Hands every answer that arrives within one poll to {@code answer}, with the nanoTime of its receipt. */
  void receive(AnswerHandler answer) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
      answer.accept(PredictionCodec.decode(record.value()), System.nanoTime());
    }
  }

  /** What to do with an answer and when it was received. */
  interface AnswerHandler {
    void accept(Prediction prediction, long receivedNanos);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close();
  }
}
