package streamnet.job.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file holds each line once, also when the job is restored from a checkpoint. */
class JsonLinesSinkTest {

  @Test
  void aRestoredWriterDropsTheLinesWrittenAfterItsCheckpointAndGoesOn(@TempDir Path run) throws Exception {
    Path file = run.resolve("metrics.jsonl");
    JsonLinesSink sink = new JsonLinesSink(file);
    StatefulSinkWriter<String, Long> writer = sink.createWriter(null);
    writer.write("{\"epoch\":1}", null);
    List<Long> checkpoint = writer.snapshotState(1);
    writer.write("{\"epoch\":2,\"before\":\"the failure\"}", null);
    writer.close();

    Long restored = sink.getWriterStateSerializer().deserialize(1,
        sink.getWriterStateSerializer().serialize(checkpoint.get(0)));
    StatefulSinkWriter<String, Long> again = sink.restoreWriter(null, List.of(restored));
    again.write("{\"epoch\":2}", null);
    again.close();

    assertThat(Files.readAllLines(file)).containsExactly("{\"epoch\":1}", "{\"epoch\":2}");
  }

  @Test
  void aFreshWriterAppendsToWhatIsThere(@TempDir Path run) throws Exception {
    Path file = run.resolve("metrics.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n");
    StatefulSinkWriter<String, Long> writer = new JsonLinesSink(file).createWriter(null);
    writer.write("{\"epoch\":1}", null);
    writer.close();

    assertThat(Files.readAllLines(file)).containsExactly("{\"earlier\":true}", "{\"epoch\":1}");
  }
}
