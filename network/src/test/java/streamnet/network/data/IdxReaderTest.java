package streamnet.network.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;
  Path images;
  Path labels;
  Dataset written;

  @BeforeEach
  void writeThreeImages() throws IOException {
    images = dir.resolve("images");
    labels = dir.resolve("labels");
    written = Fixtures.dataset(3, 28, 42);
    IdxWriter.write(written, 28, 28, images, labels);
  }

  @Test
  void roundTripKeepsPixelsAndLabels() throws IOException {
    Dataset read = IdxReader.readDataset(images, labels, 28, 28, 10);

    assertThat(read.size()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(read.image(i)).containsExactly(written.image(i));
      assertThat(read.label(i)).isEqualTo(written.label(i));
    }
  }

  @Test
  void scalesBytesToUnitInterval() throws IOException {
    IdxWriter.writeImages(images, new float[][] {{0f, 1f, 128 / 255f, 0f}}, 2, 2);

    assertThat(IdxReader.readImages(images, 2, 2)[0]).containsExactly(0f, 1f, 128 / 255f, 0f);
  }

  @Test
  void truncatedFileSaysHowLongItShouldBe() throws IOException {
    byte[] bytes = Files.readAllBytes(images);
    Files.write(images, Arrays.copyOf(bytes, bytes.length - 10));

    assertThatThrownBy(() -> IdxReader.readImages(images, 28, 28))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(
            images
                + ": truncated: header promises 3 images of 28x28 (2368 bytes),"
                + " file has 2358 bytes");
  }

  @Test
  void trailingBytesAreAnError() throws IOException {
    Files.write(labels, new byte[] {1, 2}, StandardOpenOption.APPEND);

    assertThatThrownBy(() -> IdxReader.readLabels(labels))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(labels + ": length: expected 11 bytes for 3 labels, found 13 bytes");
  }

  @Test
  void foreignFileIsRecognisedByItsMagicNumber() throws IOException {
    assertThatThrownBy(() -> IdxReader.readImages(labels, 28, 28))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(labels + ": wrong magic number: expected 0x00000803, found 0x00000801");
  }

  @Test
  void gzipFileGetsAHint() throws IOException {
    Files.write(images, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});

    assertThatThrownBy(() -> IdxReader.readImages(images, 28, 28))
        .hasMessageEndingWith("found 0x1f8b0800 (gzip-compressed? unpack it first)");
  }

  @Test
  void fileTooShortForAHeaderIsTruncated() throws IOException {
    Files.write(labels, new byte[] {0, 0});

    assertThatThrownBy(() -> IdxReader.readLabels(labels))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(labels + ": truncated: no IDX header, file has 2 bytes");
  }

  @Test
  void labelCountMustMatchImageCount() throws IOException {
    IdxWriter.writeLabels(labels, new int[] {1, 2});

    assertThatThrownBy(() -> IdxReader.readDataset(images, labels, 28, 28, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(labels + ": label count does not match " + images + ": expected 3, found 2");
  }

  @Test
  void imagesMustHaveTheRequiredSize() throws IOException {
    IdxWriter.writeImages(images, new float[2][32 * 32], 32, 32);

    assertThatThrownBy(() -> IdxReader.readImages(images, 28, 28))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(images + ": image size: expected 28x28, found 32x32");
  }

  @Test
  void labelsMustBeClassIndices() throws IOException {
    IdxWriter.writeLabels(labels, new int[] {0, 10, 3});

    assertThatThrownBy(() -> IdxReader.readDataset(images, labels, 28, 28, 10))
        .isInstanceOf(IdxFormatException.class)
        .hasMessage(labels + ": label at index 1: expected 0..9, found 10");
  }

  @Test
  void headerIsBigEndian() throws IOException {
    ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(images), 0, 16);

    assertThat(header.getInt()).isEqualTo(0x00000803);
    assertThat(header.getInt()).isEqualTo(3);
    assertThat(header.getInt()).isEqualTo(28);
    assertThat(header.getInt()).isEqualTo(28);
  }
}
