package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import streamnet.network.train.EarlyStopping;
import streamnet.network.train.EpochPolicy;
import streamnet.network.train.TrainingSettings;

/**
 * The state format of the single averager of jobs before sharded averaging, read when such a
 * savepoint is restored ({@link AveragerShard#restoreSingleAverager}); its pieces (epoch totals,
 * policy, round) are shared with the formats of the shards and the coordinator. Version 1 is the
 * first versioned one; {@link #readUnversioned}
 * reads the positional layout the job wrote before state carried a version (which also held the
 * validation and test sets, now read from Kafka instead). The job no longer writes this format.
 */
public final class AveragerStateSerializer implements SimpleVersionedSerializer<AveragerState> {
  static final int VERSION = 1;
  private final TrainingSettings training;

  /** The rule's fixed part (direction, patience, schedule, η0) comes from the run's settings. */
  public AveragerStateSerializer(TrainingSettings training) {
    this.training = training;
  }

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(AveragerState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.parallelism());
      out.writeInt(state.generation());
      out.writeLong(state.version());
      out.writeBoolean(state.started());
      out.writeBoolean(state.finished());
      out.writeLong(state.examples());
      writeEpochTotals(out, state.epochTotals());
      writePolicy(out, state.policy());
      out.writeDouble(state.elapsedSeconds());
      Snapshots.writeFloats(out, state.parameters());
      Snapshots.writeFloats(out, state.velocity());
      Snapshots.writeLongs(out, state.finishedWorkers());
      writeRound(out, state.round());
      out.writeInt(state.rollbacksThisEpoch());
      out.writeLong(state.rejectedContributions());
      out.writeLong(state.rollbacks());
    }
    return bytes.toByteArray();
  }

  @Override
  public AveragerState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("averager state version " + version + " is newer than this job reads (" + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return new AveragerState(
          in.readInt(), in.readInt(), in.readLong(), in.readBoolean(), in.readBoolean(), in.readLong(),
          readEpochTotals(in), readPolicy(in), in.readDouble(),
          Snapshots.readFloats(in), Snapshots.readFloats(in), Snapshots.readLongs(in), readRound(in),
          in.readInt(), in.readLong(), in.readLong());
    }
  }

  static void writeEpochTotals(DataOutputStream out, EpochTotals.State totals) throws IOException {
    out.writeLong(totals.examples());
    out.writeDouble(totals.costSum());
    out.writeLong(totals.correct());
    out.writeLong(totals.waitingMillis());
    out.writeDouble(totals.startSeconds());
  }

  /** Epoch sums of the layout without prequential sums: they read with the training sums in their place. */
  static EpochTotals.State readEpochTotals(DataInputStream in) throws IOException {
    long examples = in.readLong();
    double costSum = in.readDouble();
    long correct = in.readLong();
    return new EpochTotals.State(examples, costSum, correct, in.readLong(), in.readDouble(), costSum, correct);
  }

  /** The rule's changing part, the epoch, the best model and the divergence message (empty: none). */
  static void writePolicy(DataOutputStream out, EpochPolicy.State policy) throws IOException {
    EarlyStopping rule = policy.rule();
    out.writeInt(policy.epoch());
    out.writeDouble(rule.best());
    out.writeInt(rule.bestEpoch());
    out.writeInt(rule.epochsWithoutImprovement());
    out.writeDouble(rule.eta());
    out.writeInt(rule.halvings());
    out.writeBoolean(rule.stopped());
    Snapshots.writeFloats(out, policy.best() == null ? new float[0] : policy.best());
    out.writeUTF(policy.divergence() == null ? "" : policy.divergence());
  }

  EpochPolicy.State readPolicy(DataInputStream in) throws IOException {
    int epoch = in.readInt();
    EarlyStopping rule = rule(in.readDouble(), in.readInt(), in.readInt(), in.readDouble(), in.readInt(),
        in.readBoolean());
    float[] best = Snapshots.readFloats(in);
    String divergence = in.readUTF();
    return new EpochPolicy.State(epoch, rule, best.length == 0 ? null : best, divergence.isEmpty() ? null : divergence);
  }

  private EarlyStopping rule(double best, int bestEpoch, int without, double eta, int halvings, boolean stopped) {
    EarlyStopping start = training.earlyStopping();
    return new EarlyStopping(start.direction(), start.patience(), start.halveEta(), start.initialEta(),
        best, bestEpoch, without, eta, halvings, stopped);
  }

  static void writeRound(DataOutputStream out, Round.RoundState round) throws IOException {
    Snapshots.writeLongs(out, round.reported());
    Snapshots.writeDoubles(out, round.parameterSum());
    Snapshots.writeDoubles(out, round.velocitySum());
    out.writeLong(round.examples());
    out.writeDouble(round.costSum());
    out.writeLong(round.correct());
    out.writeLong(round.waitingMillis());
    out.writeInt(round.rejected());
    out.writeBoolean(round.orphaned());
  }

  /** A round of the layout without prequential sums: it reads with the training sums in their place. */
  static Round.RoundState readRound(DataInputStream in) throws IOException {
    long[] reported = Snapshots.readLongs(in);
    double[] parameterSum = Snapshots.readDoubles(in);
    double[] velocitySum = Snapshots.readDoubles(in);
    long examples = in.readLong();
    double costSum = in.readDouble();
    long correct = in.readLong();
    return new Round.RoundState(reported, parameterSum, velocitySum, examples, costSum, correct, costSum, correct,
        in.readLong(), in.readInt(), in.readBoolean());
  }

  /**
   * The layout of the unversioned averager state (list state "averager" of savepoints before
   * version 1). Its trailing validation and test sets are not read: the job reads them from Kafka.
   */
  AveragerState readUnversioned(byte[] snapshot) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int parallelism = in.readInt();
      int generation = in.readInt();
      long version = in.readLong();
      in.readBoolean(); // whether the reference sets were complete: they are read again
      boolean started = in.readBoolean();
      boolean finished = in.readBoolean();
      long examples = in.readLong();
      int epoch = in.readInt();
      double epochCost = in.readDouble();
      long epochCorrect = in.readLong();
      long epochExamples = in.readLong();
      long epochWaiting = in.readLong();
      double epochStart = in.readDouble();
      int bestEpoch = in.readInt();
      double best = in.readDouble();
      int without = in.readInt();
      double eta = in.readDouble();
      int halvings = in.readInt();
      boolean stopped = in.readBoolean();
      double elapsed = in.readDouble();
      float[] parameters = Snapshots.readFloats(in);
      float[] velocity = Snapshots.readFloats(in);
      float[] bestModel = Snapshots.readFloats(in);
      long[] finishedWorkers = Snapshots.readLongs(in);
      long[] reported = Snapshots.readLongs(in);
      double[] parameterSum = Snapshots.readDoubles(in);
      double[] velocitySum = Snapshots.readDoubles(in);
      long roundExamples = in.readLong();
      double roundCost = in.readDouble();
      long roundCorrect = in.readLong();
      Round.RoundState round = new Round.RoundState(reported, parameterSum, velocitySum,
          roundExamples, roundCost, roundCorrect, roundCost, roundCorrect, in.readLong(), 0, false);
      EpochPolicy.State policy = new EpochPolicy.State(
          epoch, rule(best, bestEpoch, without, eta, halvings, stopped), bestModel.length == 0 ? null : bestModel, null);
      return new AveragerState(parallelism, generation, version, started, finished, examples,
          new EpochTotals.State(epochExamples, epochCost, epochCorrect, epochWaiting, epochStart, epochCost,
              epochCorrect), policy, elapsed,
          parameters, velocity, finishedWorkers, round, 0, 0, 0);
    }
  }
}
