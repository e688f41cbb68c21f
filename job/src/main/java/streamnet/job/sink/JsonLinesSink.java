package streamnet.job.sink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Appends lines (the metrics JSON lines) to one file, writing each through at once, so a reader
 * following the file sees every epoch as soon as it is evaluated. Exactly once across restores:
 * every checkpoint records the file's length, and a restored writer first cuts the file back to
 * it — the lines after it came from work the restore undid, and the job writes them again.
 * Parallelism 1.
 */
public final class JsonLinesSink implements Sink<String>, SupportsWriterState<String, Long> {
  private final String file;

  public JsonLinesSink(Path file) {
    this.file = file.toAbsolutePath().toString();
  }

  @Override
  public StatefulSinkWriter<String, Long> createWriter(WriterInitContext context) throws IOException {
    return restoreWriter(context, List.of());
  }

  @Override
  public StatefulSinkWriter<String, Long> restoreWriter(WriterInitContext context, Collection<Long> checkpointedLengths)
      throws IOException {
    Path path = Path.of(file);
    Files.createDirectories(path.getParent());
    FileChannel out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    OptionalLong checkpointed = checkpointedLengths.stream().mapToLong(Long::longValue).max();
    if (checkpointed.isPresent()) {
      out.truncate(checkpointed.getAsLong());
    }
    out.position(out.size());
    return new StatefulSinkWriter<>() {
      @Override
      public void write(String line, Context context) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
      }

      @Override
      public List<Long> snapshotState(long checkpointId) throws IOException {
        return List.of(out.size());
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        out.force(false);
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public SimpleVersionedSerializer<Long> getWriterStateSerializer() {
    return new SimpleVersionedSerializer<>() {
      @Override
      public int getVersion() {
        return 1;
      }

      @Override
      public byte[] serialize(Long length) {
        return ByteBuffer.allocate(Long.BYTES).putLong(length).array();
      }

      @Override
      public Long deserialize(int version, byte[] serialized) {
        return ByteBuffer.wrap(serialized).getLong();
      }
    };
  }
}
