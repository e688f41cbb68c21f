package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The averager shards' state format, version 1. A change to what a shard snapshots adds a version
 * here and keeps reading the earlier ones.
 */
public final class AveragerShardStateSerializer implements SimpleVersionedSerializer<AveragerShardState> {
  static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(AveragerShardState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(state.shard());
      out.writeInt(state.shards());
      out.writeInt(state.parallelism());
      out.writeInt(state.generation());
      out.writeLong(state.version());
      out.writeBoolean(state.started());
      out.writeBoolean(state.inputExhausted());
      out.writeLong(state.examples());
      Snapshots.writeFloats(out, state.parameters());
      Snapshots.writeFloats(out, state.velocity());
      Snapshots.writeLongs(out, state.finishedWorkers());
      AveragerStateSerializer.writeRound(out, state.round());
    }
    return bytes.toByteArray();
  }

  @Override
  public AveragerShardState deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("averager shard state version " + version + " is newer than this job reads (" + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return new AveragerShardState(in.readInt(), in.readInt(), in.readInt(), in.readInt(), in.readLong(),
          in.readBoolean(), in.readBoolean(), in.readLong(), Snapshots.readFloats(in), Snapshots.readFloats(in),
          Snapshots.readLongs(in), AveragerStateSerializer.readRound(in));
    }
  }
}
