package streamnet.job.serve;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import streamnet.record.Example;
import streamnet.record.UnlabeledExample;

/**
 * The format of a request the serving operator holds until its first model (one element of its
 * list state "held-requests"). Version 1: id, request time, the 784 pixel bytes. A change adds a
 * version here and keeps reading the earlier ones.
 */
public final class PredictRequestSerializer implements SimpleVersionedSerializer<PredictRequest> {
  static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(PredictRequest request) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Integer.BYTES + Long.BYTES + Example.PIXELS);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(request.example().id());
      out.writeLong(request.requestedMillis());
      out.write(request.example().pixels());
    }
    return bytes.toByteArray();
  }

  @Override
  public PredictRequest deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException("held request state version " + version + " is not one this job reads (" + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int id = in.readInt();
      long requested = in.readLong();
      byte[] pixels = new byte[Example.PIXELS];
      in.readFully(pixels);
      return new PredictRequest(new UnlabeledExample(id, pixels), requested);
    }
  }
}
