package streamnet.network.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFetcherTest {
  @TempDir Path temp;
  Path source;
  Path target;
  Map<String, String> sourceSums;

  @BeforeEach
  void generateSource() throws IOException {
    source = Fixtures.mnistDir(Files.createDirectory(temp.resolve("source")), 12, 6);
    target = temp.resolve("data").resolve("mnist");
    sourceSums = new HashMap<>();
    for (String name : MnistData.FILE_NAMES) {
      sourceSums.put(name, MnistFetcher.sha256(source.resolve(name)));
    }
  }

  @Test
  void checksumMismatchNamesFileAndSumsAndLeavesNothing() {
    assertThatThrownBy(() -> new MnistFetcher().fetch(source.toString(), target))
        .isInstanceOf(MnistFetchException.class)
        .hasMessage(
            "checksum mismatch for train-images-idx3-ubyte from "
                + source
                + ": expected SHA-256 "
                + MnistFetcher.MNIST_SHA256.get(MnistData.TRAIN_IMAGES)
                + ", found "
                + sourceSums.get(MnistData.TRAIN_IMAGES)
                + "; nothing was written");

    assertThat(target).doesNotExist();
    assertThat(listing(target.getParent())).isEmpty();
  }

  @Test
  void mismatchInALaterFileKeepsExistingDataDirUntouched() throws IOException {
    Files.createDirectories(target);
    sourceSums.put(MnistData.TEST_LABELS, "0".repeat(64));

    assertThatThrownBy(() -> new MnistFetcher(sourceSums).fetch(source.toString(), target))
        .hasMessageStartingWith("checksum mismatch for t10k-labels-idx1-ubyte");

    assertThat(listing(target)).isEmpty();
    assertThat(listing(target.getParent())).containsExactly(target);
  }

  @Test
  void verifiedFilesAreInstalledAndLoad() throws IOException {
    MnistFetcher fetcher = new MnistFetcher(sourceSums);

    List<MnistFetcher.VerifiedFile> files = fetcher.fetch(source.toString(), target);

    assertThat(files).extracting(MnistFetcher.VerifiedFile::name).isEqualTo(MnistData.FILE_NAMES);
    assertThat(files.get(0).bytes()).isEqualTo(16 + 12 * 784);
    assertThat(files.get(0).sha256()).isEqualTo(sourceSums.get(MnistData.TRAIN_IMAGES));
    assertThat(fetcher.isComplete(target)).isTrue();
    assertThat(fetcher.describe(target)).isEqualTo(files);
    assertThat(MnistData.load(target).training().size()).isEqualTo(10);
    assertThat(listing(target.getParent())).containsExactly(target);
  }

  @Test
  void fileUrlIsABaseForTheFileNames() throws IOException {
    MnistFetcher fetcher = new MnistFetcher(sourceSums);

    fetcher.fetch(source.toUri().toString(), target);

    assertThat(fetcher.isComplete(target)).isTrue();
  }

  @Test
  void changedFileMakesDirIncomplete() throws IOException {
    MnistFetcher fetcher = new MnistFetcher(sourceSums);
    fetcher.fetch(source.toString(), target);

    Files.write(target.resolve(MnistData.TRAIN_LABELS), new byte[] {1});

    assertThat(fetcher.isComplete(target)).isFalse();
  }

  @Test
  void missingSourceFileIsNamed() throws IOException {
    Files.delete(source.resolve(MnistData.TEST_IMAGES));

    assertThatThrownBy(() -> new MnistFetcher(sourceSums).fetch(source.toString(), target))
        .isInstanceOf(MnistFetchException.class)
        .hasMessage("t10k-images-idx3-ubyte not found in " + source);
    assertThat(target).doesNotExist();
  }

  @Test
  void everyFileNeedsASum() {
    assertThatThrownBy(() -> new MnistFetcher(Map.of(MnistData.TRAIN_IMAGES, "00")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static List<Path> listing(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
