package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.job.kafka.ModelUpdateDeserializer;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.ServingTopics;
import streamnet.kafka.TopicSettings;
import streamnet.kafka.Topics;
import streamnet.network.Network;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;
import streamnet.producer.testing.TopicContents;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Prediction;
import streamnet.record.PredictionCodec;
import streamnet.record.Split;
import streamnet.record.UnlabeledExample;

/**
 * A training run with {@code --serve} on a MiniCluster (P = 2) against the real broker answers the
 * prediction requests sent before it published any model, those sent while it trains and those
 * sent after its last version, each with the output of a version the run published, computed by
 * exactly that version; the last ones with the run's last version. Whether the first batch waits
 * in the serving operator's held requests or is read after the first version arrives depends on
 * timing (dropping held requests is caught by ServingFunctionTest, not reliably here).
 */
@ExtendWith(SharedKafkaExtension.class)
class TrainingJobServeIT {
  private static final int P = 2;
  private static final String PREFIX = "train-serve-it-";
  private static final int EPOCHS = 4;
  private static final int EPOCH_SIZE = 2_000;
  private static final int BATCH = 300;
  private static final int BATCHES = 3;
  /** How long after the run's final metrics line its last version is taken to have reached every serving instance. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(P).build());

  @Test
  void answersRequestsFromBeforeTheFirstModelWhileTrainingAndAfterWithTheVersionsTheRunPublished(
      KafkaBootstrap kafka, @TempDir Path run) throws Exception {
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    createTopics(clients);
    List<UnlabeledExample> requests = requests();
    produceTraining(clients, 1, EPOCHS - 1);
    send(clients, batch(requests, 0));

    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse("--serve", "--unbounded",
        "--parallelism", String.valueOf(P), "--epochs", String.valueOf(EPOCHS), "--epoch-size",
        String.valueOf(EPOCH_SIZE), "--bootstrap", kafka.servers(), "--topic-prefix", PREFIX,
        "--checkpoint-interval", "2", "--run-dir", run.toString()), new Configuration());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    String runId = new TrainingJobFactory(setup).assemble(env);
    JobClient job = env.executeAsync("streamnet training with serving");
    Map<Integer, Prediction> answers;
    try {
      awaitLines(run, 1, Duration.ofMinutes(2));
      send(clients, batch(requests, 1)); // the run waits for its last epoch: it is training
      produceTraining(clients, EPOCHS, EPOCHS + 1); // live input closes an epoch when the next one's examples come
      awaitLines(run, EPOCHS + 1, Duration.ofMinutes(2));
      Thread.sleep(SETTLE.toMillis());
      send(clients, batch(requests, 2));
      answers = answers(kafka, BATCHES * BATCH);
    } finally {
      job.cancel().get();
    }

    Map<Long, float[]> published = publishedVersions(kafka, runId);
    assertThat(answers).as("every request answered, those sent before the first model too").hasSize(BATCHES * BATCH);
    for (UnlabeledExample request : requests) {
      Prediction answer = answers.get(request.id());
      float[] parameters = published.get(order(answer.generation(), answer.version()));
      assertThat(parameters).as("request %d answered by (%d, %d), a version the run published", request.id(),
          answer.generation(), answer.version()).isNotNull();
      Network version = Network.zeros(setup.settings().training().architecture());
      version.setFlat(parameters);
      assertThat(answer.activations()).as("computed by that version").containsExactly(version.feedforward(request.image()));
    }
    long newest = Collections.max(published.keySet());
    for (UnlabeledExample request : batch(requests, 2)) {
      Prediction answer = answers.get(request.id());
      assertThat(order(answer.generation(), answer.version()))
          .as("request %d, sent %s after the run's last version, is answered by it (%d published)", request.id(),
              SETTLE, published.size())
          .isEqualTo(newest);
    }
  }

  /** Batch {@code n} of the requests: 0 is sent before the job starts, 1 while it trains, 2 after its last version. */
  private static List<UnlabeledExample> batch(List<UnlabeledExample> requests, int n) {
    return requests.subList(n * BATCH, (n + 1) * BATCH);
  }

  private static void createTopics(KafkaClients clients) {
    try (Admin admin = clients.admin()) {
      Topics.ensure(admin, TopicSettings.defaults().withPrefix(PREFIX), clients.timeout());
      ServingTopics.ensure(admin, TopicSettings.defaults().withPrefix(PREFIX), clients.timeout());
    }
  }

  /** Unlabeled examples with ids 0, 1, ...: the batches. */
  private static List<UnlabeledExample> requests() {
    return Examples.random(BATCHES * BATCH, Split.TEST, 7).stream()
        .map(example -> new UnlabeledExample(example.id(), example.pixels())).toList();
  }

  /** Validation and test sets with the first epoch, then training epochs {@code from} to {@code to}. */
  private static void produceTraining(KafkaClients clients, int from, int to) throws Exception {
    List<Example> one = Examples.random(EPOCH_SIZE, Split.TRAINING, 3);
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      if (from == 1) {
        sendAll(producer, PREFIX + "validation", Examples.random(200, Split.VALIDATION, 1));
        sendAll(producer, PREFIX + "test", Examples.random(200, Split.TEST, 2));
      }
      for (int epoch = from; epoch <= to; epoch++) {
        int e = epoch;
        sendAll(producer, PREFIX + "train",
            one.stream().map(x -> new Example(x.id(), x.split(), e, x.label(), x.pixels())).toList());
      }
      producer.flush();
    }
  }

  private static void sendAll(KafkaProducer<byte[], byte[]> producer, String topic, List<Example> examples) {
    for (Example example : examples) {
      producer.send(new ProducerRecord<>(topic, ExampleCodec.encodeKey(example), ExampleCodec.encode(example)));
    }
  }

  private static void send(KafkaClients clients, List<UnlabeledExample> requests) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      for (UnlabeledExample request : requests) {
        producer.send(new ProducerRecord<>(ServingTopics.predict(PREFIX), ExampleCodec.encodeKey(request),
            ExampleCodec.encode(request)));
      }
      producer.flush();
    }
  }

  private static void awaitLines(Path run, int lines, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (MetricsLines.read(run).size() < lines) {
      assertThat(System.nanoTime()).as(lines + " metrics lines within " + timeout).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** The predictions, by request id (at least once: a repeat is the same request's). */
  private static Map<Integer, Prediction> answers(KafkaBootstrap kafka, int count) {
    Map<Integer, Prediction> byId = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record
        : TopicContents.read(kafka, ServingTopics.predictions(PREFIX), count, Duration.ofMinutes(2))) {
      Prediction prediction = PredictionCodec.decode(record.value());
      assertThat(ByteBuffer.wrap(record.key()).getInt()).isEqualTo(prediction.id());
      byId.put(prediction.id(), prediction);
    }
    return byId;
  }

  /** Every whole version run {@code runId} published on the model topic, by {@link #order}. */
  private static Map<Long, float[]> publishedVersions(KafkaBootstrap kafka, String runId) throws Exception {
    String topic = PREFIX + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    int records = (int) TopicContents.size(kafka, topic, Duration.ofSeconds(30));
    ModelUpdateDeserializer reader = new ModelUpdateDeserializer(runId);
    List<ModelUpdate> versions = new ArrayList<>();
    Collector<ModelUpdate> collector = new Collector<>() {
      @Override
      public void collect(ModelUpdate update) {
        versions.add(update);
      }

      @Override
      public void close() {}
    };
    for (ConsumerRecord<byte[], byte[]> record : TopicContents.read(kafka, topic, records, Duration.ofMinutes(1))) {
      reader.deserialize(record, collector);
    }
    Map<Long, float[]> byOrder = new HashMap<>();
    versions.forEach(update -> byOrder.put(order(update.generation(), update.version()), update.parameters()));
    return byOrder;
  }

  /** (generation, version) as one number in their order. */
  private static long order(int generation, long version) {
    return ((long) generation << 40) + version;
  }
}
