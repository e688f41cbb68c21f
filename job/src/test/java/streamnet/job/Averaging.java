package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.EpochPolicy;
import streamnet.record.Example;

/**
 * The averaging side of the job wired in memory as the job wires it through Flink and Kafka: a
 * worker's contribution is split among the S {@link AveragerShard}s, their reports go to the
 * {@link Coordinator} in the order each shard sends them, and every part they publish travels as
 * model-topic chunks through one {@link ModelReassembler}, which hands on the whole versions the
 * workers would read.
 */
final class Averaging {

  /** Where the averaging side's results go, as workers and the run folder see them. */
  interface Output {
    void publish(ModelUpdate update);

    void metrics(String line);

    void modelFile(String name, byte[] json);

    void deadLetter(DeadLetter letter);
  }

  /** A checkpoint of the averaging side: every shard's state and the coordinator's. */
  record Snapshot(List<AveragerShardState> shards, CoordinatorState coordinator) {}

  /** Chunks small enough that the models of the tests travel in several. */
  private static final int CHUNK_BYTES = 1000;
  private final JobSettings settings;
  private final List<AveragerShard> shards = new ArrayList<>();
  private final Coordinator coordinator;
  private final ModelReassembler reassembler;
  private boolean shardsStarted;

  Averaging(String runId, JobSettings settings) {
    this(runId, settings, new Coordinator(runId, settings));
  }

  Averaging(String runId, JobSettings settings, Coordinator.Validator validator) {
    this(runId, settings, new Coordinator(runId, settings, validator));
  }

  private Averaging(String runId, JobSettings settings, Coordinator coordinator) {
    this.settings = settings;
    this.coordinator = coordinator;
    this.reassembler = new ModelReassembler(runId);
    for (int shard = 0; shard < settings.averagers(); shard++) {
      shards.add(new AveragerShard(runId, settings, shard));
    }
  }

  void onReference(Example example) {
    coordinator.onReference(example);
  }

  /** The reference sets are in: shards start (publishing their slices) if they had not, the coordinator goes on. */
  void onReferenceEnded(Output out) {
    if (!shardsStarted) {
      startShards(out);
    }
    coordinator.onReferenceEnded(coordinatorOutput(out));
  }

  void onContribution(Contribution contribution, Output out) {
    List<ShardContribution> parts = settings.shardLayout().split(contribution);
    for (ShardContribution part : parts) {
      shards.get(part.shard()).onContribution(part, shardOutput(out));
    }
  }

  void beginAttempt(int attempt) {
    shards.forEach(shard -> shard.beginAttempt(attempt));
    coordinator.beginAttempt(attempt);
  }

  /** After a restore: shards republish their slices (closing an orphaned round), the coordinator its header. */
  void republish(Output out) {
    startShards(out);
    coordinator.republish(coordinatorOutput(out));
  }

  private void startShards(Output out) {
    shardsStarted = true;
    shards.forEach(shard -> shard.start(shardOutput(out)));
  }

  Snapshot snapshot() {
    return new Snapshot(shards.stream().map(AveragerShard::snapshot).toList(), coordinator.snapshot());
  }

  /** Continues from {@code snapshot}, taken with any number of shards. */
  void restore(Snapshot snapshot) {
    shards.forEach(shard -> shard.restore(snapshot.shards()));
    coordinator.restore(snapshot.coordinator());
    shardsStarted = true;
  }

  private AveragerShard.Output shardOutput(Output out) {
    return new AveragerShard.Output() {
      @Override
      public void publish(ModelSlice slice) {
        travel(slice, out);
      }

      @Override
      public void report(RoundReport report) {
        coordinator.onReport(report, coordinatorOutput(out));
      }

      @Override
      public void deadLetter(DeadLetter letter) {
        out.deadLetter(letter);
      }
    };
  }

  private Coordinator.Output coordinatorOutput(Output out) {
    return new Coordinator.Output() {
      @Override
      public void publish(ModelHeader header) {
        travel(header, out);
      }

      @Override
      public void metrics(String line) {
        out.metrics(line);
      }

      @Override
      public void modelFile(String name, byte[] json) {
        out.modelFile(name, json);
      }

      @Override
      public void deadLetter(DeadLetter letter) {
        out.deadLetter(letter);
      }
    };
  }

  private void travel(ModelPart part, Output out) {
    for (ModelChunk chunk : ModelChunker.split(part, CHUNK_BYTES)) {
      reassembler.accept(ModelUpdateCodec.decode(ModelUpdateCodec.encode(chunk))).ifPresent(out::publish);
    }
  }

  long version() {
    return coordinator.version();
  }

  int epoch() {
    return coordinator.epoch();
  }

  boolean isFinished() {
    return coordinator.isFinished();
  }

  EpochPolicy policy() {
    return coordinator.policy();
  }

  long rejectedContributions() {
    return coordinator.rejectedContributions();
  }

  long rollbacks() {
    return coordinator.rollbacks();
  }

  EpochMetrics lastMetrics() {
    return coordinator.lastMetrics();
  }

  /** The global parameters, put together from the shards' slices. */
  float[] globalParameters() {
    return settings.shardLayout().join(shards.stream().map(AveragerShard::parameters).toList());
  }
}
