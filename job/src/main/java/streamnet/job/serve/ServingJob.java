package streamnet.job.serve;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import streamnet.job.DeadLetter;
import streamnet.job.RawRecord;
import streamnet.network.Architecture;
import streamnet.record.Prediction;

/**
 * The serving job (docs/architecture.md, "Serving"), and its own main class: prediction requests
 * from the predict topic are decoded, answered by the newest model version, broadcast to every
 * parallel serving instance from a model source, and written to the predictions topic. Sources and
 * sinks come in through the constructor so tests can swap them ({@link ServingJobFactory} makes the
 * Kafka ones); every operator is named and uid'd. The training job with {@code --serve} adds these
 * same operators to itself ({@code TrainingJobFactory}); their uids are none of the training job's,
 * so a training savepoint without them restores into it (they start empty).
 */
public final class ServingJob {
  /** The job's name on the dashboard. */
  public static final String JOB_NAME = "streamnet serving";
  /**
   * How long a request may wait in a network buffer between the decoder and the serving operator,
   * which a two-input operator cannot be chained to: Flink's 100 ms default would be most of a
   * quiet stream's latency, flushing every record costs throughput under load.
   */
  static final Duration REQUEST_BUFFER_TIMEOUT = Duration.ofMillis(2);
  private static final TypeInformation<RawRecord> RAW = TypeInformation.of(RawRecord.class);

  private final Architecture architecture;
  private final int parallelism;
  private final Source<RawRecord, ?, ?> predictSource;
  private final Source<ServedModel, ?, ?> modelSource;
  private final Sink<Prediction> predictionsSink;
  private final Sink<DeadLetter> deadLetterSink;

  public ServingJob(
      Architecture architecture,
      int parallelism,
      Source<RawRecord, ?, ?> predictSource,
      Source<ServedModel, ?, ?> modelSource,
      Sink<Prediction> predictionsSink,
      Sink<DeadLetter> deadLetterSink) {
    this.architecture = architecture;
    this.parallelism = parallelism;
    this.predictSource = predictSource;
    this.modelSource = modelSource;
    this.predictionsSink = predictionsSink;
    this.deadLetterSink = deadLetterSink;
  }

  /**
   * Submits the job to the Flink it runs in with the flags of {@link ServingJobOptions}; parallelism
   * and checkpointing default to that Flink's configuration.
   */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(ServingJobArguments.usage());
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ServingJobSetup setup = ServingJobSetup.of(ServingJobArguments.parse(args), env.getConfiguration());
    System.out.println(new ServingJobFactory(setup).assemble(env));
    env.execute(JOB_NAME);
  }

  /** Adds the serving operators to {@code env}: the whole serving job, or the serving part of a training job. */
  public void build(StreamExecutionEnvironment env) {
    // Chained operators hand records on without a copy: no operator keeps or changes what it emitted.
    env.getConfig().enableObjectReuse();
    BroadcastStream<ServedModel> models =
        env.fromSource(modelSource, WatermarkStrategy.noWatermarks(), "model versions",
                TypeInformation.of(ServedModel.class))
            .uid("serving-model-source").setParallelism(1).setMaxParallelism(1).setBufferTimeout(0)
            .broadcast(ServingFunction.MODEL_STATE);
    SingleOutputStreamOperator<PredictRequest> requests =
        env.fromSource(predictSource, WatermarkStrategy.noWatermarks(), "predict topic", RAW)
            .uid("predict-source").setParallelism(parallelism)
            .process(new DecodePredictRequests(), TypeInformation.of(PredictRequest.class))
            .name("decode predict requests").uid("decode-predict").setParallelism(parallelism)
            .setBufferTimeout(REQUEST_BUFFER_TIMEOUT.toMillis());
    requests.connect(models)
        .process(new ServingFunction(architecture), TypeInformation.of(Prediction.class))
        .name("serve").uid("serve").setParallelism(parallelism)
        .sinkTo(predictionsSink).name("predictions topic").uid("predictions-sink").setParallelism(parallelism);
    requests.getSideOutput(DecodePredictRequests.DEAD_LETTERS)
        .sinkTo(deadLetterSink).name("dead-letter topic").uid("serving-dead-letter-sink").setParallelism(1);
  }
}
