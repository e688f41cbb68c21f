package streamnet.producer.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.producer.ExampleSender;
import streamnet.producer.broker.TemporaryBroker;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/**
 * Benchmark, not a test: starts the local broker, produces MNIST's 60,000 training images (the book's
 * training and validation sets) with the producer's settings (idempotent, acks=all, lz4), consumes
 * and decodes them, and prints examples/s each way per round. Run by bench/kafka-throughput.sh.
 */
public final class KafkaThroughput {

  private static final int ROUNDS = 3;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private KafkaThroughput() {}

  /** Runs the benchmark; the optional argument is the MNIST folder. */
  public static void main(String[] args) throws Exception {
    Path mnistDir = MnistFetcher.ensure(args.length > 0 ? Path.of(args[0]) : MnistData.defaultDir());
    List<Example> examples = trainingExamples(MnistData.load(mnistDir));
    System.out.printf(Locale.ROOT, "cores (nproc): %d, examples per round: %,d, record value: %d bytes%n",
        Runtime.getRuntime().availableProcessors(), examples.size(), ExampleCodec.VALUE_LENGTH);
    try (TemporaryBroker broker = TemporaryBroker.start()) {
      KafkaClients clients = new KafkaClients(broker.bootstrapServers(), Map.of(), TIMEOUT);
      for (int round = 1; round <= ROUNDS; round++) {
        TopicSettings topics = TopicSettings.defaults().withPrefix("bench-" + round + "-");
        try (Admin admin = clients.admin()) {
          Topics.ensure(admin, topics, TIMEOUT);
        }
        double produced = produce(clients, topics, examples);
        double consumed = consume(clients, topics.topic(Split.TRAINING), examples.size());
        System.out.printf(Locale.ROOT, "round %d: produce %,.0f examples/s, consume %,.0f examples/s%n", round, produced, consumed);
      }
    }
  }

  /** MNIST's 60,000 training images as training examples with ids 0-59,999. */
  private static List<Example> trainingExamples(MnistData data) {
    List<Example> examples = new ArrayList<>();
    for (Dataset part : List.of(data.training(), data.validation())) {
      for (int i = 0; i < part.size(); i++) {
        examples.add(Example.ofImage(examples.size(), Split.TRAINING, 1, part.label(i), part.image(i)));
      }
    }
    return examples;
  }

  /** Sends every example and waits for all acknowledgements; returns examples/s. */
  private static double produce(KafkaClients clients, TopicSettings topics, List<Example> examples) throws InterruptedException {
    long start = System.nanoTime();
    try (ExampleSender sender = new ExampleSender(clients.producer(), topics, 0)) {
      for (Example example : examples) {
        sender.send(example);
      }
      sender.flush();
    }
    return examples.size() / ((System.nanoTime() - start) / 1e9);
  }

  /** Reads and decodes the whole topic from the beginning; returns examples/s. */
  private static double consume(KafkaClients clients, String topic, int count) {
    try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer()) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      long start = System.nanoTime();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long labels = 0;
      int read = 0;
      while (read < count) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          labels += ExampleCodec.decode(record.value()).label();
          read++;
        }
        if (System.nanoTime() - start > TIMEOUT.toNanos()) {
          throw new IllegalStateException("read only " + read + " of " + count + " examples in " + TIMEOUT);
        }
      }
      double perSecond = count / ((System.nanoTime() - start) / 1e9);
      // Uses the decoded labels so the decoding cannot be optimised away.
      return labels >= 0 ? perSecond : -perSecond;
    }
  }
}
