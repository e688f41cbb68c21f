package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The model topic's record format (docs/record-format.md): each record is one {@link ModelChunk},
 * a format byte, the run id, generation, version, chunk index and count, the body's length, then
 * the chunk's slice of the body. The body of a {@link ModelUpdate} is its examples, epoch, η, the
 * stop flag, parameters and velocity (big-endian floats, each array after its length).
 */
public final class ModelUpdateCodec {
  /** Format 2: chunked versions. Format 1 (one record per version) is refused, as is any other. */
  public static final byte FORMAT = 2;

  private ModelUpdateCodec() {}

  /** The record value of one chunk. */
  public static byte[] encode(ModelChunk chunk) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + chunk.payload().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(chunk.runId());
      out.writeInt(chunk.generation());
      out.writeLong(chunk.version());
      out.writeInt(chunk.index());
      out.writeInt(chunk.count());
      out.writeInt(chunk.bodyBytes());
      out.write(chunk.payload());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The bytes a chunk's record value has before its payload, for a run id of {@code runIdChars} ASCII characters. */
  public static int headerBytes(int runIdChars) {
    return Byte.BYTES + Short.BYTES + runIdChars + Integer.BYTES + Long.BYTES + 3 * Integer.BYTES;
  }

  /** The run id of an encoded chunk, read without copying its payload. */
  public static String runId(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      requireFormat(in.readByte());
      return in.readUTF();
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model topic record: " + e.getMessage(), e);
    }
  }

  public static ModelChunk decode(byte[] value) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
      requireFormat(in.readByte());
      String runId = in.readUTF();
      int generation = in.readInt();
      long version = in.readLong();
      int index = in.readInt();
      int count = in.readInt();
      int bodyBytes = in.readInt();
      byte[] payload = in.readAllBytes();
      return new ModelChunk(runId, generation, version, index, count, bodyBytes, payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model topic record: " + e.getMessage(), e);
    }
  }

  /** The body of {@code update}: everything but run id, generation and version, which each chunk carries. */
  public static byte[] body(ModelUpdate update) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(64 + 4 * (update.parameters().length + update.velocity().length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(update.examples());
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

  /** The update whose reassembled body is {@code body}; fails if the body is not one whole. */
  public static ModelUpdate update(String runId, int generation, long version, byte[] body) {
    ByteArrayInputStream bytes = new ByteArrayInputStream(body);
    try (DataInputStream in = new DataInputStream(bytes)) {
      ModelUpdate update = new ModelUpdate(runId, generation, version,
          in.readLong(), in.readInt(), in.readDouble(), in.readBoolean(),
          Snapshots.readFloats(in), Snapshots.readFloats(in));
      if (bytes.available() > 0) {
        throw new IllegalArgumentException(bytes.available() + " bytes after the velocity");
      }
      return update;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model update body (" + body.length + " bytes): " + e.getMessage(), e);
    }
  }

  private static void requireFormat(byte format) {
    if (format != FORMAT) {
      throw new IllegalArgumentException("model topic record format " + format + ", expected " + FORMAT
          + (format == 1 ? " (a whole model in one record, written by a streamnet before chunked versions)" : ""));
    }
  }
}
