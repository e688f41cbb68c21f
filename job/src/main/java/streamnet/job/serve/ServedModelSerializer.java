package streamnet.job.serve;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The serving operator's broadcast state format: the model version it answers with. Version 1:
 * generation, version, publication time, then the parameter count and the parameters. A change
 * adds a version here and keeps reading the earlier ones (docs/architecture.md, "State
 * compatibility").
 */
public final class ServedModelSerializer implements SimpleVersionedSerializer<ServedModel> {
  static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(ServedModel model) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + Float.BYTES * model.parameters().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(model.generation());
      out.writeLong(model.version());
      out.writeLong(model.publishedMillis());
      out.writeInt(model.parameters().length);
      ByteBuffer parameters = ByteBuffer.allocate(Float.BYTES * model.parameters().length);
      parameters.asFloatBuffer().put(model.parameters());
      out.write(parameters.array());
    }
    return bytes.toByteArray();
  }

  @Override
  public ServedModel deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("serving model state version " + version + " is not one this job reads (" + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int generation = in.readInt();
      long modelVersion = in.readLong();
      long published = in.readLong();
      int count = in.readInt();
      if (count < 0) {
        throw new IOException("negative parameter count " + count);
      }
      byte[] raw = new byte[Math.multiplyExact(count, Float.BYTES)];
      in.readFully(raw);
      float[] parameters = new float[count];
      ByteBuffer.wrap(raw).asFloatBuffer().get(parameters);
      return new ServedModel(generation, modelVersion, published, parameters);
    }
  }
}
