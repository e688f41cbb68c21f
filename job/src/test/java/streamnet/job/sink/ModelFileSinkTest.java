package streamnet.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.job.ModelFileRecord;

/** Model files are replaced whole, and no temporary file stays behind. */
class ModelFileSinkTest {

  @Test
  void aSecondWriteOfTheSameNameReplacesTheFileAndLeavesNoTemporaryFiles(@TempDir Path temp) throws Exception {
    Path runFolder = temp.resolve("run-1");
    try (SinkWriter<ModelFileRecord> writer = new ModelFileSink(runFolder).createWriter(null)) {
      writer.write(new ModelFileRecord("best.json", bytes("{\"epoch\":1}")), null);
      writer.write(new ModelFileRecord("final.json", bytes("{\"final\":true}")), null);
      writer.write(new ModelFileRecord("best.json", bytes("{\"epoch\":2}")), null);
    }

    assertThat(Files.readString(runFolder.resolve("best.json"))).isEqualTo("{\"epoch\":2}");
    assertThat(Files.readString(runFolder.resolve("final.json"))).isEqualTo("{\"final\":true}");
    try (Stream<Path> files = Files.list(runFolder)) {
      assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("best.json", "final.json");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
