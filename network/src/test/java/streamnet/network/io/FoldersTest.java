package streamnet.network.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {

  @Test
  void deletesAFolderWithEverythingInIt(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("run");
    Files.createDirectories(folder.resolve("checkpoints/chk-1"));
    Files.writeString(folder.resolve("metrics.jsonl"), "{}\n");
    Files.writeString(folder.resolve("checkpoints/chk-1/_metadata"), "state");

    Folders.deleteRecursively(folder);

    assertThat(folder).doesNotExist();
    assertThat(dir).exists();
  }

  @Test
  void aMissingFolderIsNothingToDo(@TempDir Path dir) throws Exception {
    Folders.deleteRecursively(dir.resolve("never-made"));

    assertThat(dir).isEmptyDirectory();
  }
}
