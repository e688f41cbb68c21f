package streamnet.job.serve;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.network.Network;

/**
 * Assembles the serving job of a {@link ServingJobSetup}: its topics, checkpointing and
 * parallelism, the Kafka sources and sinks, and the model source — the one version of a model
 * file, or the versions of one training run on the model topic, from its newest whole version on.
 * The job main, {@code ./streamnet serve} and the integration tests all build the job here.
 */
public final class ServingJobFactory {
  private final ServingJobSetup setup;

  public ServingJobFactory(ServingJobSetup setup) {
    this.setup = setup;
  }

  /** Creates the topics, configures {@code env} and adds the serving job to it; returns what it serves, for the terminal. */
  public String assemble(StreamExecutionEnvironment env) {
    KafkaClients clients = setup.kafkaClients();
    ServingEndpoints endpoints = new ServingEndpoints(clients, setup.topicPrefix());
    endpoints.createServingTopics();
    env.setParallelism(setup.parallelism());
    env.enableCheckpointing(setup.checkpointInterval().toMillis());
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(setup.tolerableCheckpointFailures());
    Source<ServedModel, ?, ?> models;
    String served;
    if (setup.modelFile().isPresent()) {
      ServingJobSetup.ModelSource file = setup.modelFile().get();
      ServedModel model = new ServedModel(0, 0, System.currentTimeMillis(), file.network().toFlat());
      models = new DataGeneratorSource<>(index -> model, 1, TypeInformation.of(ServedModel.class));
      served = "model file " + file.path();
    } else {
      String topic = setup.topicPrefix() + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
      FollowedRun run = follow(clients, topic);
      models = endpoints.modelSource(run.runId(),
          OffsetsInitializer.offsets(Map.of(endpoints.modelPartition(), run.offset())));
      served = "run " + run.runId() + " from " + topic + " offset " + run.offset();
    }
    new ServingJob(setup.architecture(), setup.parallelism(), endpoints.predictSource(), models,
        endpoints.predictionsSink(), new KafkaEndpoints(clients, setup.topicPrefix(), "serve").deadLetterSink())
        .build(env);
    return "serving " + setup.architecture() + " (" + served + ") with parallelism " + setup.parallelism()
        + ": " + setup.topicPrefix() + "predict -> " + setup.topicPrefix() + "predictions";
  }

  /** A run to follow and the model-topic offset to read its versions from. */
  private record FollowedRun(String runId, long offset) {}

  /**
   * The run of {@code --run-id}, else the one that published last; read from its newest whole
   * version if it published last, else from the topic's earliest record. A run whose versions do
   * not fit the architecture is refused before the job starts.
   */
  private FollowedRun follow(KafkaClients clients, String topic) {
    var head = ModelTopicHead.read(clients, topic);
    String runId = setup.runId().orElseGet(() -> head.map(ModelTopicHead::runId).orElseThrow(() ->
        new IllegalStateException("no model on " + topic + " yet: start a training run on prefix "
            + setup.topicPrefix() + " first, or pass --run-id RUN (waits for its versions) or --model FILE")));
    if (head.isEmpty() || !head.get().runId().equals(runId)) {
      return new FollowedRun(runId, head.map(ModelTopicHead::beginningOffset).orElse(0L));
    }
    int parameters = Network.zeros(setup.architecture()).parameterCount();
    if (!head.get().fits(parameters)) {
      throw new IllegalStateException("run " + runId + " publishes versions of " + head.get().parameters()
          + " parameters, which do not fit " + setup.architecture() + " (" + parameters + " parameters): pass the run's"
          + " --sizes, --activation and --output");
    }
    return new FollowedRun(runId, head.get().newestVersionStart());
  }
}
