package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import streamnet.network.drift.DriftWatch;
import streamnet.network.drift.PageHinkley;
import streamnet.network.train.SlidingWindow;
import streamnet.network.train.TrainingSettings;

/**
 * The coordinator's state format. Version 2 appends the prequential sums of the epoch in progress
 * and of each pending report, the sliding window's rounds and the drift detector's state; version 1
 * reads with the training sums in place of the prequential ones (equal without dropout), an empty
 * window and a detector that has seen nothing. A change to what the coordinator snapshots adds a
 * version here and keeps reading the earlier ones.
 */
public final class CoordinatorStateSerializer implements SimpleVersionedSerializer<CoordinatorState> {
  static final int VERSION = 2;
  static final int VERSION_WITHOUT_PREQUENTIAL = 1;
  private final AveragerStateSerializer pieces;

  /** The early-stopping rule's fixed part (direction, patience, schedule, η0) comes from the run's settings. */
  public CoordinatorStateSerializer(TrainingSettings training) {
    this.pieces = new AveragerStateSerializer(training);
  }

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(CoordinatorState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.generation());
      out.writeLong(state.version());
      out.writeBoolean(state.started());
      out.writeBoolean(state.finished());
      out.writeLong(state.examples());
      AveragerStateSerializer.writeEpochTotals(out, state.epochTotals());
      AveragerStateSerializer.writePolicy(out, state.policy());
      out.writeDouble(state.elapsedSeconds());
      out.writeInt(state.rollbacksThisEpoch());
      out.writeLong(state.rejectedContributions());
      out.writeLong(state.rollbacks());
      out.writeInt(state.pending().size());
      for (RoundReport report : state.pending()) {
        writeReport(out, report);
      }
      writePrequential(out, state);
    }
    return bytes.toByteArray();
  }

  @Override
  public CoordinatorState deserialize(int version, byte[] serialized) throws IOException {
    if (version > VERSION || version < VERSION_WITHOUT_PREQUENTIAL) {
      throw new IOException("coordinator state version " + version + " is not one this job reads (1 to "
          + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int generation = in.readInt();
      long modelVersion = in.readLong();
      boolean started = in.readBoolean();
      boolean finished = in.readBoolean();
      long examples = in.readLong();
      var epochTotals = AveragerStateSerializer.readEpochTotals(in);
      var policy = pieces.readPolicy(in);
      double elapsed = in.readDouble();
      int rollbacksThisEpoch = in.readInt();
      long rejected = in.readLong();
      long rollbacks = in.readLong();
      int pendingReports = in.readInt();
      List<RoundReport> pending = new ArrayList<>(pendingReports);
      for (int i = 0; i < pendingReports; i++) {
        pending.add(readReport(in));
      }
      CoordinatorState state = new CoordinatorState(generation, modelVersion, started, finished, examples,
          epochTotals, policy, elapsed, rollbacksThisEpoch, rejected, rollbacks, pending, List.of(),
          DriftWatch.State.EMPTY);
      return version > VERSION_WITHOUT_PREQUENTIAL ? readPrequential(in, state) : state;
    }
  }

  /** Version 2's trailer: the prequential sums, the sliding window's rounds, the drift detector. */
  private static void writePrequential(DataOutputStream out, CoordinatorState state) throws IOException {
    out.writeDouble(state.epochTotals().prequentialCostSum());
    out.writeLong(state.epochTotals().prequentialCorrect());
    for (RoundReport report : state.pending()) {
      out.writeDouble(report.prequentialCostSum());
      out.writeLong(report.prequentialCorrect());
    }
    out.writeInt(state.window().size());
    for (SlidingWindow.Batch batch : state.window()) {
      out.writeLong(batch.examples());
      out.writeDouble(batch.costSum());
      out.writeLong(batch.correct());
    }
    PageHinkley.State detector = state.drift().detector();
    out.writeLong(detector.examples());
    out.writeDouble(detector.mean());
    out.writeDouble(detector.cumulative());
    out.writeDouble(detector.minimum());
    out.writeInt(state.drift().epochDrifts());
    out.writeLong(state.drift().totalDrifts());
  }

  private static CoordinatorState readPrequential(DataInputStream in, CoordinatorState state) throws IOException {
    EpochTotals.State epochTotals = state.epochTotals().withPrequential(in.readDouble(), in.readLong());
    List<RoundReport> pending = new ArrayList<>(state.pending().size());
    for (RoundReport report : state.pending()) {
      pending.add(report.withPrequential(in.readDouble(), in.readLong()));
    }
    int batches = in.readInt();
    List<SlidingWindow.Batch> window = new ArrayList<>(batches);
    for (int i = 0; i < batches; i++) {
      window.add(new SlidingWindow.Batch(in.readLong(), in.readDouble(), in.readLong()));
    }
    PageHinkley.State detector = new PageHinkley.State(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble());
    DriftWatch.State drift = new DriftWatch.State(detector, in.readInt(), in.readLong());
    return new CoordinatorState(state.generation(), state.version(), state.started(), state.finished(),
        state.examples(), epochTotals, state.policy(), state.elapsedSeconds(), state.rollbacksThisEpoch(),
        state.rejectedContributions(), state.rollbacks(), pending, window, drift);
  }

  private static void writeReport(DataOutputStream out, RoundReport report) throws IOException {
    out.writeInt(report.shard());
    out.writeInt(report.shards());
    out.writeLong(report.version());
    out.writeLong(report.examples());
    out.writeDouble(report.costSum());
    out.writeLong(report.correct());
    out.writeLong(report.waitingMillis());
    out.writeInt(report.rejected());
    out.writeBoolean(report.inputExhausted());
    Snapshots.writeFloats(out, report.parameters());
  }

  /** A report in version 1's layout: the training sums stand in for the prequential ones until version 2's trailer. */
  private static RoundReport readReport(DataInputStream in) throws IOException {
    int shard = in.readInt();
    int shards = in.readInt();
    long version = in.readLong();
    long examples = in.readLong();
    double costSum = in.readDouble();
    long correct = in.readLong();
    return new RoundReport(shard, shards, version, examples, costSum, correct, costSum, correct, in.readLong(),
        in.readInt(), in.readBoolean(), Snapshots.readFloats(in));
  }
}
