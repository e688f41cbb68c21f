package streamnet.job.sink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import streamnet.job.ModelFileRecord;

/** Writes model files into the run folder, each atomically: a reader sees the old file or the new. */
public final class ModelFileSink implements Sink<ModelFileRecord> {
  private final String runFolder;

  public ModelFileSink(Path runFolder) {
    this.runFolder = runFolder.toAbsolutePath().toString();
  }

  @Override
  public SinkWriter<ModelFileRecord> createWriter(WriterInitContext context) throws IOException {
    Path folder = Path.of(runFolder);
    Files.createDirectories(folder);
    return new SinkWriter<>() {
      @Override
      public void write(ModelFileRecord file, Context context) throws IOException {
        Path target = folder.resolve(file.name());
        Path temporary = Files.createTempFile(folder, file.name() + ".", ".tmp");
        try {
          Files.write(temporary, file.json());
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(temporary);
        }
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
