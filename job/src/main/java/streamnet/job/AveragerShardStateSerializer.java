package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The averager shards' state format. Version 2 adds the open round's prequential cost sum and
 * correct count at the end; version 1 reads with the round's training sums in their place (equal
 * without dropout). A change to what a shard snapshots adds a version here and keeps reading the
 * earlier ones.
 */
public final class AveragerShardStateSerializer implements SimpleVersionedSerializer<AveragerShardState> {
  static final int VERSION = 2;
  static final int VERSION_WITHOUT_PREQUENTIAL = 1;

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
      out.writeDouble(state.round().prequentialCostSum());
      out.writeLong(state.round().prequentialCorrect());
    }
    return bytes.toByteArray();
  }

  @Override
  public AveragerShardState deserialize(int version, byte[] serialized) throws IOException {
    if (version > VERSION || version < VERSION_WITHOUT_PREQUENTIAL) {
      throw new IOException("averager shard state version " + version + " is not one this job reads (1 to "
          + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      AveragerShardState state = new AveragerShardState(in.readInt(), in.readInt(), in.readInt(), in.readInt(),
          in.readLong(), in.readBoolean(), in.readBoolean(), in.readLong(), Snapshots.readFloats(in),
          Snapshots.readFloats(in), Snapshots.readLongs(in), AveragerStateSerializer.readRound(in));
      return version > VERSION_WITHOUT_PREQUENTIAL ? state.withRound(state.round().withPrequential(in.readDouble(),
          in.readLong())) : state;
    }
  }
}
