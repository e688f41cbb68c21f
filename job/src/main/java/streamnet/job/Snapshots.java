package streamnet.job;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;

/** Binary pieces of worker and averager snapshots: arrays and examples (in the record format). */
final class Snapshots {
  private Snapshots() {}

  // Arrays go through one ByteBuffer each: DataOutputStream's per-value calls cost more than the copy.

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES);
    bytes.asFloatBuffer().put(values);
    writeArray(out, values.length, bytes);
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    ByteBuffer bytes = readArray(in, Float.BYTES);
    float[] values = new float[bytes.capacity() / Float.BYTES];
    bytes.asFloatBuffer().get(values);
    return values;
  }

  static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES);
    bytes.asDoubleBuffer().put(values);
    writeArray(out, values.length, bytes);
  }

  static double[] readDoubles(DataInputStream in) throws IOException {
    ByteBuffer bytes = readArray(in, Double.BYTES);
    double[] values = new double[bytes.capacity() / Double.BYTES];
    bytes.asDoubleBuffer().get(values);
    return values;
  }

  static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES);
    bytes.asLongBuffer().put(values);
    writeArray(out, values.length, bytes);
  }

  static long[] readLongs(DataInputStream in) throws IOException {
    ByteBuffer bytes = readArray(in, Long.BYTES);
    long[] values = new long[bytes.capacity() / Long.BYTES];
    bytes.asLongBuffer().get(values);
    return values;
  }

  /** The element count, then the elements big-endian, as DataOutputStream would write them. */
  private static void writeArray(DataOutputStream out, int length, ByteBuffer bytes) throws IOException {
    out.writeInt(length);
    out.write(bytes.array());
  }

  private static ByteBuffer readArray(DataInputStream in, int elementBytes) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      throw new IOException("negative array length " + length);
    }
    byte[] bytes = new byte[Math.multiplyExact(length, elementBytes)];
    in.readFully(bytes);
    return ByteBuffer.wrap(bytes);
  }

  static void writeExamples(DataOutputStream out, Collection<Example> examples) throws IOException {
    out.writeInt(examples.size());
    for (Example example : examples) {
      out.write(ExampleCodec.encode(example));
    }
  }

  static List<Example> readExamples(DataInputStream in) throws IOException {
    int count = in.readInt();
    List<Example> examples = new ArrayList<>(count);
    byte[] value = new byte[ExampleCodec.VALUE_LENGTH];
    for (int i = 0; i < count; i++) {
      in.readFully(value);
      examples.add(ExampleCodec.decode(value));
    }
    return examples;
  }
}
