package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import streamnet.network.train.TrainingSettings;

/**
 * The coordinator's state format, version 1. A change to what the coordinator snapshots adds a
 * version here and keeps reading the earlier ones.
 */
public final class CoordinatorStateSerializer implements SimpleVersionedSerializer<CoordinatorState> {
  static final int VERSION = 1;
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
    }
    return bytes.toByteArray();
  }

  @Override
  public CoordinatorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("coordinator state version " + version + " is newer than this job reads (" + VERSION + ")");
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
      return new CoordinatorState(generation, modelVersion, started, finished, examples, epochTotals, policy, elapsed,
          rollbacksThisEpoch, rejected, rollbacks, pending);
    }
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

  private static RoundReport readReport(DataInputStream in) throws IOException {
    return new RoundReport(in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readDouble(), in.readLong(),
        in.readLong(), in.readInt(), in.readBoolean(), Snapshots.readFloats(in));
  }
}
