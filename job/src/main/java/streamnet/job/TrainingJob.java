package streamnet.job;

import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import streamnet.job.kafka.PacedAsAWholeSource;
import streamnet.record.ExampleCodec;

/**
 * The training job's data flow (docs/architecture.md), and the job jar's main class. Sources and
 * sinks come in through the constructor so tests can swap them ({@link TrainingJobFactory} makes
 * the Kafka and file ones); operators are named and uid'd so savepoints survive changes and the
 * dashboard reads well.
 */
public final class TrainingJob {
  /** The job's name on the dashboard. */
  public static final String JOB_NAME = "streamnet training";
  private static final TypeInformation<RawRecord> RAW = TypeInformation.of(RawRecord.class);
  private static final TypeInformation<ModelChunk> CHUNKS = TypeInformation.of(ModelChunk.class);
  /** What the averager shards send the coordinator. */
  static final TypeInformation<Either<CoordinatorState, RoundReport>> REPORTS = new EitherTypeInfo<>(
      TypeInformation.of(CoordinatorState.class), TypeInformation.of(RoundReport.class));
  private static final String PACE_GROUP = "training-pace";
  private static final Duration PACE_UPDATE_INTERVAL = Duration.ofMillis(100);
  /**
   * The pace clock of a stop update: past every training record, so the training source drains
   * freely once the averager has stopped (workers drop what follows the stop), and far enough
   * below Long.MAX_VALUE that adding the drift cannot overflow.
   */
  private static final long AFTER_STOP = Long.MAX_VALUE / 2;
  /** The model source's pace watermark before its first update: no examples averaged yet. */
  private static final long NOTHING_AVERAGED = -1;
  private final JobSettings settings;
  private final Source<RawRecord, ?, ?> trainingSource;
  private final ReferenceReader reference;
  private final ModelLoop modelLoop;
  private final Sink<DeadLetter> deadLetterSink;
  private final Sink<String> metricsSink;
  private final Sink<ModelFileRecord> modelFileSink;

  public TrainingJob(
      JobSettings settings,
      Source<RawRecord, ?, ?> trainingSource,
      ReferenceReader reference,
      ModelLoop modelLoop,
      Sink<DeadLetter> deadLetterSink,
      Sink<String> metricsSink,
      Sink<ModelFileRecord> modelFileSink) {
    this.settings = settings;
    this.trainingSource = trainingSource;
    this.reference = reference;
    this.modelLoop = modelLoop;
    this.deadLetterSink = deadLetterSink;
    this.metricsSink = metricsSink;
    this.modelFileSink = modelFileSink;
  }

  /**
   * Submits the job to the Flink it runs in (a cluster's, or a local one outside a cluster) with
   * the flags of {@link TrainingJobOptions}; parallelism and checkpointing default to that Flink's
   * configuration.
   */
  public static void main(String[] args) throws Exception {
    if (Arrays.asList(args).contains("--help")) {
      System.out.print(TrainingJobArguments.usage());
      return;
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    TrainingJobSetup setup = TrainingJobSetup.of(TrainingJobArguments.parse(args), env.getConfiguration());
    new TrainingJobFactory(setup).assemble(env);
    env.execute(JOB_NAME);
  }

  /** Adds the job's operators to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    // Chained operators hand records on without a copy: no operator keeps or changes what it emitted.
    env.getConfig().enableObjectReuse();
    int p = settings.parallelism();
    SingleOutputStreamOperator<ExampleRecord> training = decoded(
        env.fromSource(paced() ? new PacedAsAWholeSource<>(trainingSource) : trainingSource, trainingPace(),
                "training topic", RAW)
            .uid("training-source").setParallelism(p),
        "training", p);
    DataStream<ModelUpdate> models =
        env.fromSource(modelLoop.source(), modelPace(), "model topic", TypeInformation.of(ModelUpdate.class))
            .uid("model-source").setParallelism(1).setMaxParallelism(1)
            .setBufferTimeout(0);

    SingleOutputStreamOperator<ShardContribution> contributions = training.rebalance()
        .connect(models.broadcast())
        .transform("worker", TypeInformation.of(ShardContribution.class), new WorkerOperator(modelLoop.runId(), settings))
        .uid("worker").setParallelism(p).setBufferTimeout(0);

    int shards = settings.averagers();
    SingleOutputStreamOperator<Either<CoordinatorState, RoundReport>> averaged = contributions
        .partitionCustom((Integer shard, int subtasks) -> shard, ShardContribution::shard)
        .transform("averager", REPORTS, new AveragerShardOperator(modelLoop.runId(), settings))
        .uid("averager").setParallelism(shards).setBufferTimeout(0);

    SingleOutputStreamOperator<ModelHeader> coordinated = averaged.global()
        .transform("coordinator", TypeInformation.of(ModelHeader.class),
            new CoordinatorOperator(modelLoop.runId(), settings, reference))
        .uid("coordinator").setParallelism(1).setMaxParallelism(1).setBufferTimeout(0);

    DataStream<ModelChunk> sliceChunks = averaged.getSideOutput(AveragerShardOperator.SLICES)
        .flatMap(new ModelChunker<ModelSlice>(), CHUNKS)
        .name("model chunks").uid("model-chunker").setParallelism(shards).setBufferTimeout(0);
    DataStream<ModelChunk> headerChunks = coordinated
        .flatMap(new ModelChunker<ModelHeader>(), CHUNKS)
        .name("header chunks").uid("header-chunker").setParallelism(1).setBufferTimeout(0);
    sliceChunks.union(headerChunks)
        .sinkTo(modelLoop.sink()).name("model topic sink").uid("model-sink").setParallelism(shards);
    coordinated.getSideOutput(CoordinatorOperator.METRICS)
        .sinkTo(metricsSink).name("metrics").uid("metrics-sink").setParallelism(1);
    coordinated.getSideOutput(CoordinatorOperator.MODEL_FILES)
        .sinkTo(modelFileSink).name("model files").uid("model-file-sink").setParallelism(1);
    training.getSideOutput(DecodeExamples.DEAD_LETTERS)
        .union(averaged.getSideOutput(AveragerShardOperator.DEAD_LETTERS),
            coordinated.getSideOutput(CoordinatorOperator.DEAD_LETTERS))
        .sinkTo(deadLetterSink).name("dead-letter topic").uid("dead-letter-sink").setParallelism(1);
  }

  /**
   * Paces the training input by the averager's progress, so workers never hold more than about an
   * epoch and a quarter of unread examples in their state (sync workers buffer while they wait).
   * Both sources join one watermark-alignment group whose "time" is examples: a training record's
   * is its epoch times the epoch size, a model update's the number of examples averaged into it.
   * Flink pauses the training source when it runs more than the allowed drift ahead (as a whole,
   * see {@link PacedAsAWholeSource}), at the record that takes it there ({@link PaceClock}).
   * Pausing happens in the source, so it never stands in the way of checkpoint barriers. Only sync
   * mode is paced: delayed workers never wait, so they hold nothing once the first model is there.
   */
  private WatermarkStrategy<RawRecord> trainingPace() {
    if (!paced()) {
      return WatermarkStrategy.noWatermarks();
    }
    long epochSize = settings.epochSize();
    return WatermarkStrategy.<RawRecord>forGenerator(context -> PaceClock.fromFirstRecord())
        .withTimestampAssigner((record, kafkaTime) -> Math.max(0, ExampleCodec.epochOf(record.value())) * epochSize)
        .withWatermarkAlignment(PACE_GROUP, allowedDrift(settings), PACE_UPDATE_INTERVAL);
  }

  private WatermarkStrategy<ModelUpdate> modelPace() {
    if (!paced()) {
      return WatermarkStrategy.noWatermarks();
    }
    return WatermarkStrategy.<ModelUpdate>forGenerator(context -> PaceClock.startingAt(NOTHING_AVERAGED))
        .withTimestampAssigner((update, kafkaTime) -> ModelLoop.closesTheLoop(update) ? AFTER_STOP : update.examples())
        .withWatermarkAlignment(PACE_GROUP, allowedDrift(settings), PACE_UPDATE_INTERVAL);
  }

  private boolean paced() {
    return settings.mode() == AveragingMode.SYNC;
  }

  /**
   * How far the training readers may run ahead of the examples averaged: the epoch they read (pace
   * time counts whole epochs) and a slack that releases the next epoch before the workers need it,
   * the larger of two rounds (so the last round of an epoch can take the next one's examples) and
   * a quarter of an epoch. The averaged count reaches the readers late (through the model topic,
   * then the alignment's reports and announcements, every 100 ms each): with two rounds alone the
   * workers ran dry for a few hundred ms at every epoch boundary, 7 % of a sync run's examples/s at
   * epochs of 50,000 here; a quarter of that epoch is about a second of sync training.
   */
  static Duration allowedDrift(JobSettings settings) {
    long round = (long) settings.parallelism() * settings.averageEvery() * settings.training().miniBatch();
    return Duration.ofMillis(settings.epochSize() + Math.max(2 * round, settings.epochSize() / 4));
  }

  private static SingleOutputStreamOperator<ExampleRecord> decoded(
      DataStream<RawRecord> records, String what, int parallelism) {
    return records.process(new DecodeExamples(), TypeInformation.of(ExampleRecord.class))
        .name("decode " + what).uid("decode-" + what).setParallelism(parallelism);
  }
}
