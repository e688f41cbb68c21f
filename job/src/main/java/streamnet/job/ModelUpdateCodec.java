package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The model topic's value format: a version byte, the run id, then generation, version, epoch,
 * η, the stop flag, parameters and velocity (big-endian floats). Keyed by run id.
 */
public final class ModelUpdateCodec {
  public static final byte FORMAT = 1;

  private ModelUpdateCodec() {}

  public static byte[] encode(ModelUpdate update) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + 4 * (update.parameters().length + update.velocity().length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(update.runId());
      out.writeInt(update.generation());
      out.writeLong(update.version());
      out.writeInt(update.epoch());
      out.writeDouble(update.eta());
      out.writeBoolean(update.stop());
      Snapshots.writeFloats(out, update.parameters());
      Snapshots.writeFloats(out, update.velocity());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The run id of an encoded update, read without decoding the parameters. */
  public static String runId(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      requireFormat(in.readByte());
      return in.readUTF();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model update: " + e.getMessage(), e);
    }
  }

  public static ModelUpdate decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      requireFormat(in.readByte());
      return new ModelUpdate(
          in.readUTF(), in.readInt(), in.readLong(), in.readInt(), in.readDouble(), in.readBoolean(),
          Snapshots.readFloats(in), Snapshots.readFloats(in));
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model update: " + e.getMessage(), e);
    }
  }

  private static void requireFormat(byte format) {
    if (format != FORMAT) {
      throw new IllegalArgumentException("model update format " + format + ", expected " + FORMAT);
    }
  }
}
