package streamnet.job;

import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import streamnet.job.kafka.FromTimeOrEarliest;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.job.kafka.ModelUpdateDeserializer;
import streamnet.job.sink.JsonLinesSink;
import streamnet.job.serve.ServingEndpoints;
import streamnet.job.serve.ServingJob;
import streamnet.job.sink.ModelFileSink;

/**
 * Assembles the training job of a {@link TrainingJobSetup}: its Kafka topics, checkpointing and
 * parallelism, the Kafka sources and sinks, the model loop, the metrics and model files under the
 * run folder, and with {@code --serve} the serving operators. The job main, the CLI's local
 * runner, the benchmark and the integration tests all build the job here.
 */
public final class TrainingJobFactory {
  /** The metrics file in the run folder: one JSON object per epoch, and a final one. */
  public static final String METRICS_FILE = "metrics.jsonl";

  private final TrainingJobSetup setup;
  private final UnaryOperator<KafkaRecordDeserializationSchema<ModelUpdate>> modelReader;

  public TrainingJobFactory(TrainingJobSetup setup) {
    this(setup, UnaryOperator.identity());
  }

  private TrainingJobFactory(
      TrainingJobSetup setup, UnaryOperator<KafkaRecordDeserializationSchema<ModelUpdate>> modelReader) {
    this.setup = setup;
    this.modelReader = modelReader;
  }

  /** The same factory, reading the model topic through {@code wrap} of the job's reader (tests inject failures so). */
  public TrainingJobFactory withModelReader(UnaryOperator<KafkaRecordDeserializationSchema<ModelUpdate>> wrap) {
    return new TrainingJobFactory(setup, wrap);
  }

  /**
   * Creates the job's topics (the producer's must exist), configures {@code env} and adds a new run
   * of the job to it; returns the run's id.
   */
  public String assemble(StreamExecutionEnvironment env) {
    JobSettings settings = setup.settings();
    String runId = UUID.randomUUID().toString();
    KafkaEndpoints endpoints = new KafkaEndpoints(setup.kafkaClients(), setup.topicPrefix(), runId);
    endpoints.createJobTopics();
    env.setParallelism(settings.parallelism());
    env.enableCheckpointing(setup.checkpointInterval().toMillis());
    env.getCheckpointConfig().setTolerableCheckpointFailureNumber(setup.tolerableCheckpointFailures());
    long startMillis = System.currentTimeMillis();
    ModelLoop modelLoop = new ModelLoop(runId,
        endpoints.modelSource(startMillis, modelReader.apply(new ModelUpdateDeserializer(runId))),
        endpoints.modelSink());
    new TrainingJob(settings,
        endpoints.trainingSource(setup.unbounded()),
        endpoints.referenceReader(),
        modelLoop,
        endpoints.deadLetterSink(),
        new JsonLinesSink(setup.runDir().resolve(METRICS_FILE)),
        new ModelFileSink(setup.runDir()))
        .build(env);
    if (setup.serve()) {
      addServing(env, endpoints, runId, startMillis);
    }
    return runId;
  }

  /**
   * The serving job's operators ({@link ServingJob}), one instance per worker, answering with this
   * run's versions as they are published: read back from the model topic like the serving job
   * reads them, stamped with their publication time, from the run's start on.
   */
  private void addServing(StreamExecutionEnvironment env, KafkaEndpoints endpoints, String runId, long startMillis) {
    ServingEndpoints serving = new ServingEndpoints(setup.kafkaClients(), setup.topicPrefix());
    serving.createServingTopics();
    new ServingJob(setup.settings().training().architecture(), setup.settings().parallelism(), serving.predictSource(),
        serving.modelSource(runId, new FromTimeOrEarliest(startMillis)), serving.predictionsSink(),
        endpoints.deadLetterSink())
        .build(env);
  }
}
