package streamnet.job.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.kafka.ServingTopics;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;
import streamnet.network.io.ModelFile;
import streamnet.network.train.TrainingRun;
import streamnet.network.train.TrainingSettings;
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
 * The serving job on a MiniCluster (parallelism 2) against the real broker: the 10,000 MNIST test
 * images, sent before the job starts, come back as 10,000 predictions of the served model file,
 * each the digit the offline evaluation of that file picks, so their accuracy is the offline
 * accuracy to the example; a record that is not an unlabeled example is dead-lettered.
 */
@ExtendWith(SharedKafkaExtension.class)
class ServingJobIT {
  private static final int P = 2;
  private static final String PREFIX = "serve-it-";

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(P).build());

  @Test
  void servesTheTestSetWithTheOfflineAccuracyOfTheModelFileAndDeadLettersWhatDoesNotDecode(
      KafkaBootstrap kafka, @TempDir Path dir) throws Exception {
    MnistData data = MnistData.load(MnistFetcher.ensure(MnistData.defaultDir()));
    Network model = trainBriefly(data);
    Path file = dir.resolve("model.json");
    ModelFile.write(model, file);
    Dataset test = data.test();
    Evaluation offline = Evaluation.of(ModelFile.read(file), test, Regularization.NONE, 0);
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), KafkaClients.DEFAULT_TIMEOUT);
    sendTestImagesAndOneLabeledExample(clients, test);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    new ServingJobFactory(ServingJobSetup.of(ServingJobArguments.parse("--model", file.toString(),
            "--bootstrap", kafka.servers(), "--topic-prefix", PREFIX, "--parallelism", String.valueOf(P),
            "--checkpoint-interval", "2"), new Configuration()))
        .assemble(env);
    JobClient job = env.executeAsync(ServingJob.JOB_NAME);
    List<ConsumerRecord<byte[], byte[]>> records;
    List<ConsumerRecord<byte[], byte[]>> deadLetters;
    try {
      records = TopicContents.read(kafka, ServingTopics.predictions(PREFIX), test.size(), Duration.ofSeconds(90));
      deadLetters = TopicContents.read(kafka, PREFIX + KafkaEndpoints.DEAD_LETTER_TOPIC_SUFFIX, 1, Duration.ofSeconds(30));
    } finally {
      job.cancel().get();
    }

    Map<Integer, Prediction> byId = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Prediction prediction = PredictionCodec.decode(record.value());
      assertThat(java.nio.ByteBuffer.wrap(record.key()).getInt()).isEqualTo(prediction.id());
      byId.put(prediction.id(), prediction);
    }
    assertThat(byId).hasSize(test.size());
    int correct = 0;
    for (int id = 0; id < test.size(); id++) {
      Prediction prediction = byId.get(id);
      assertThat(prediction.digit()).as("example %d", id)
          .isEqualTo(Network.predictedClass(model.feedforward(test.image(id))));
      assertThat(prediction.latencyMillis()).isNotNegative();
      if (prediction.digit() == test.label(id)) {
        correct++;
      }
    }
    assertThat(correct).isEqualTo(offline.correct());
    assertThat(offline.accuracy()).as("a trained model, so that agreement means something").isGreaterThan(0.8);
    assertThat(deadLetters).hasSize(1);
    assertThat(new String(deadLetters.get(0).headers().lastHeader("reason").value()))
        .startsWith("WRONG_VERSION").contains("labeled example");
  }

  /** One epoch of [784,30,10] on the first 10,000 training images: over 80 % accurate, in a second or two. */
  private static Network trainBriefly(MnistData data) {
    Architecture architecture =
        Architecture.of(new int[] {784, 30, 10}, Activation.SIGMOID, Activation.SIGMOID, Cost.CROSS_ENTROPY);
    TrainingSettings settings = new TrainingSettings(architecture, WeightInitializer.DEFAULT,
        new Hyperparameters(0.5, 5.0, Regularization.L2, 0, 0, 10_000), 10, 1, 0, false, 1);
    return new TrainingRun(settings)
        .run(data.training().slice(0, 10_000), data.validation().slice(0, 1_000), data.test().slice(0, 1_000),
            new TrainingRun.Listener() {})
        .last();
  }

  /** The test images as unlabeled examples (id = index), and one labeled example, which the serving job refuses. */
  private static void sendTestImagesAndOneLabeledExample(KafkaClients clients, Dataset test) throws Exception {
    try (var admin = clients.admin()) {
      ServingTopics.ensure(admin, streamnet.kafka.TopicSettings.defaults().withPrefix(PREFIX), clients.timeout());
    }
    try (KafkaProducer<byte[], byte[]> producer = clients.producer()) {
      for (int id = 0; id < test.size(); id++) {
        UnlabeledExample example = new UnlabeledExample(id, Example.ofImage(id, Split.TEST, 0, 0, test.image(id)).pixels());
        producer.send(new ProducerRecord<>(ServingTopics.predict(PREFIX), ExampleCodec.encodeKey(example),
            ExampleCodec.encode(example)));
      }
      Example labeled = Example.ofImage(0, Split.TEST, 0, test.label(0), test.image(0));
      producer.send(new ProducerRecord<>(ServingTopics.predict(PREFIX), ExampleCodec.encodeKey(labeled),
          ExampleCodec.encode(labeled))).get();
    }
  }
}
