package streamnet.job.sink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends lines (the metrics JSON lines) to one file, flushing each, so a reader following the
 * file sees every epoch as soon as it is evaluated. Parallelism 1.
 */
public final class JsonLinesSink implements Sink<String> {
  private final String file;

  public JsonLinesSink(Path file) {
    this.file = file.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
    Path path = Path.of(file);
    Files.createDirectories(path.getParent());
    BufferedWriter out = Files.newBufferedWriter(
        path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new SinkWriter<>() {
      @Override
      public void write(String line, Context context) throws IOException {
        out.write(line);
        out.newLine();
        out.flush();
      }

      @Override
      public void flush(boolean endOfInput) throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }
}
