package streamnet.network.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDataTest {
  @TempDir Path dir;

  @Test
  void lastSixthOfTrainFilesIsValidation() throws IOException {
    MnistData data = MnistData.load(Fixtures.mnistDir(dir, 120, 30));

    assertThat(data.training().size()).isEqualTo(100);
    assertThat(data.validation().size()).isEqualTo(20);
    assertThat(data.test().size()).isEqualTo(30);
  }

  @Test
  void splitKeepsTheFileOrder() throws IOException {
    MnistData data = MnistData.load(Fixtures.mnistDir(dir, 120, 30));
    Dataset train = Fixtures.dataset(120, 28, Fixtures.TRAIN_SEED);

    assertThat(data.training().image(99)).containsExactly(train.image(99));
    assertThat(data.validation().image(0)).containsExactly(train.image(100));
    assertThat(data.validation().label(0)).isEqualTo(train.label(100));
  }

  @Test
  void imagesAreFlat28By28InUnitIntervalWithTenClasses() throws IOException {
    MnistData data = MnistData.load(Fixtures.mnistDir(dir, 12, 6));

    assertThat(data.test().inputSize()).isEqualTo(784);
    assertThat(data.test().classes()).isEqualTo(10);
    for (int i = 0; i < data.training().size(); i++) {
      for (float pixel : data.training().image(i)) {
        assertThat(pixel).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void missingFileIsNamed() throws IOException {
    Fixtures.mnistDir(dir, 12, 6);
    Files.delete(dir.resolve(MnistData.TEST_LABELS));

    assertThatThrownBy(() -> MnistData.load(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(dir.resolve(MnistData.TEST_LABELS).toString())
        .hasMessageContaining("fetch-mnist");
  }

  @Test
  void defaultDirIsDataMnist() {
    assertThat(MnistData.defaultDir()).endsWithRaw(Path.of("data", "mnist"));
  }
}
