package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model topic's record format (docs/record-format.md): each record is one {@link ModelChunk},
 * a format byte, the run id, generation, version, part number and count, chunk index and count,
 * the part body's length, then the chunk's piece of that body. A {@link ModelHeader}'s body is its
 * examples, epoch, η and stop flag; a {@link ModelSlice}'s its parameters and velocity (big-endian
 * floats, each array after its length).
 */
public final class ModelUpdateCodec {
  /**
   * Format 3: versions in parts (header and shard slices), each chunked. Formats 1 (one record per
   * version) and 2 (one chunked body per version) are refused, as is any other.
   */
  public static final byte FORMAT = 3;

  private ModelUpdateCodec() {}

  /** The record value of one chunk. */
  public static byte[] encode(ModelChunk chunk) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + chunk.payload().length);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(chunk.runId());
      out.writeInt(chunk.generation());
      out.writeLong(chunk.version());
      out.writeInt(chunk.part());
      out.writeInt(chunk.parts());
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
    return Byte.BYTES + Short.BYTES + runIdChars + Integer.BYTES + Long.BYTES + 5 * Integer.BYTES;
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
      int part = in.readInt();
      int parts = in.readInt();
      int index = in.readInt();
      int count = in.readInt();
      int bodyBytes = in.readInt();
      byte[] payload = in.readAllBytes();
      return new ModelChunk(runId, generation, version, part, parts, index, count, bodyBytes, payload);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model topic record: " + e.getMessage(), e);
    }
  }

  /** The body of a header: everything but run id, generation and version, which each chunk carries. */
  static byte[] headerBody(ModelHeader header) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(header.examples());
      out.writeInt(header.epoch());
      out.writeDouble(header.eta());
      out.writeBoolean(header.stop());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The body of a slice: its parameters and velocity. */
  static byte[] sliceBody(ModelSlice slice) {
    ByteArrayOutputStream bytes =
        new ByteArrayOutputStream(16 + 4 * (slice.parameters().length + slice.velocity().length));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      Snapshots.writeFloats(out, slice.parameters());
      Snapshots.writeFloats(out, slice.velocity());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The update whose reassembled part bodies are {@code bodies}, the header's first, then each
   * shard's slice; fails if a body is not one whole.
   */
  public static ModelUpdate update(String runId, int generation, long version, List<byte[]> bodies) {
    if (bodies.size() < 2) {
      throw new IllegalArgumentException("a model version has a header and at least one slice, got "
          + bodies.size() + " parts");
    }
    List<float[]> parameters = new ArrayList<>();
    List<float[]> velocity = new ArrayList<>();
    for (byte[] slice : bodies.subList(1, bodies.size())) {
      read(slice, "slice", in -> {
        parameters.add(Snapshots.readFloats(in));
        velocity.add(Snapshots.readFloats(in));
        return null;
      });
    }
    return read(bodies.get(0), "header", in -> new ModelUpdate(runId, generation, version,
        in.readLong(), in.readInt(), in.readDouble(), in.readBoolean(), concat(parameters), concat(velocity)));
  }

  private interface BodyReader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static <T> T read(byte[] body, String what, BodyReader<T> reader) {
    ByteArrayInputStream bytes = new ByteArrayInputStream(body);
    try (DataInputStream in = new DataInputStream(bytes)) {
      T value = reader.read(in);
      if (bytes.available() > 0) {
        throw new IllegalArgumentException(bytes.available() + " bytes after the " + what);
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a model " + what + " body (" + body.length + " bytes): "
          + e.getMessage(), e);
    }
  }

  private static float[] concat(List<float[]> slices) {
    int length = slices.stream().mapToInt(slice -> slice.length).sum();
    float[] whole = new float[length];
    int at = 0;
    for (float[] slice : slices) {
      System.arraycopy(slice, 0, whole, at, slice.length);
      at += slice.length;
    }
    return whole;
  }

  private static void requireFormat(byte format) {
    if (format != FORMAT) {
      throw new IllegalArgumentException("model topic record format " + format + ", expected " + FORMAT
          + (format == 1 ? " (a whole model in one record, written by a streamnet before chunked versions)"
              : format == 2 ? " (one body per version, written by a streamnet before sharded averaging)" : ""));
    }
  }
}
