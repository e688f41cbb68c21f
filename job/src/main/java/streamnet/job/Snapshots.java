package streamnet.job;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import streamnet.producer.record.Example;
import streamnet.producer.record.ExampleCodec;

/** Binary pieces of worker and averager snapshots: arrays and examples (in the record format). */
final class Snapshots {
  private Snapshots() {}

  static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeFloat(v);
    }
  }

  static float[] readFloats(DataInputStream in) throws IOException {
    float[] values = new float[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloat();
    }
    return values;
  }

  static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    out.writeInt(values.length);
    for (long v : values) {
      out.writeLong(v);
    }
  }

  static long[] readLongs(DataInputStream in) throws IOException {
    long[] values = new long[in.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readLong();
    }
    return values;
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
