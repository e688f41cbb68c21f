package streamnet.producer.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.producer.testing.DigitFiles;

class DigitImagesTest {

  @TempDir Path dir;

  /** Pixel i of the test digit: every value 0-255 appears. */
  static byte[] gradient() {
    byte[] pixels = new byte[28 * 28];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i * 7 % 256);
    }
    return pixels;
  }

  /** Writes a grayscale PNG of the pixels. */
  static Path writePng(Path file, byte[] pixels, int side, int type) throws Exception {
    BufferedImage image = new BufferedImage(side, side, type);
    for (int i = 0; i < side * side; i++) {
      image.getRaster().setSample(i % side, i / side, 0, pixels[i % pixels.length] & 0xFF);
    }
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  @Test
  void readsGrayscalePngPixelsUnchanged() throws Exception {
    Path png = writePng(dir.resolve("3.png"), gradient(), 28, BufferedImage.TYPE_BYTE_GRAY);
    assertThat(DigitImages.read(png)).containsExactly(gradient());
  }

  @Test
  void readsBinaryAndPlainPgm() throws Exception {
    assertThat(DigitImages.read(DigitFiles.writePgm(dir.resolve("5.pgm"), gradient()))).containsExactly(gradient());

    StringBuilder plain = new StringBuilder("P2\n28 28\n15\n");
    for (int i = 0; i < 28 * 28; i++) {
      plain.append(i % 16).append(i % 28 == 27 ? "\n" : " ");
    }
    Path file = Files.writeString(dir.resolve("6.pgm"), plain);
    byte[] pixels = DigitImages.read(file);
    assertThat(pixels[0]).isEqualTo((byte) 0);
    assertThat(pixels[15] & 0xFF).isEqualTo(255);
    assertThat(pixels[1] & 0xFF).isEqualTo(17);
  }

  @Test
  void refusesWrongSizeColourTruncatedAndGarbageNamingTheFile() throws Exception {
    Path small = writePng(dir.resolve("1.png"), gradient(), 27, BufferedImage.TYPE_BYTE_GRAY);
    Path colour = writePng(dir.resolve("2.png"), gradient(), 28, BufferedImage.TYPE_INT_RGB);
    byte[] pgm = Files.readAllBytes(DigitFiles.writePgm(dir.resolve("x.pgm"), gradient()));
    Path truncated = Files.write(dir.resolve("4.pgm"), java.util.Arrays.copyOf(pgm, pgm.length - 10));
    Path garbage = Files.writeString(dir.resolve("7.png"), "not an image");
    Path badHeader = Files.writeString(dir.resolve("8.pgm"), "P5\n28 twenty\n255\n");

    assertThatThrownBy(() -> DigitImages.read(small)).hasMessage(small + ": is 27x27, digits must be 28x28");
    assertThatThrownBy(() -> DigitImages.read(colour)).hasMessageStartingWith(colour + ": not an 8-bit grayscale PNG");
    assertThatThrownBy(() -> DigitImages.read(truncated)).hasMessage(truncated + ": truncated: 774 of 784 pixels");
    assertThatThrownBy(() -> DigitImages.read(garbage)).hasMessage(garbage + ": not a PNG image");
    assertThatThrownBy(() -> DigitImages.read(badHeader)).hasMessage(badHeader + ": bad PGM header field 'twenty'");
  }

  @Test
  void labelsComeFromTheCsvOrTheFileName() throws Exception {
    assertThat(DigitLabels.of(dir).labelOf(dir.resolve("7_mine.png"))).isEqualTo(7);
    assertThatThrownBy(() -> DigitLabels.of(dir).labelOf(dir.resolve("17.png"))).hasMessageContaining("17.png: no label");
    assertThatThrownBy(() -> DigitLabels.of(dir).labelOf(dir.resolve("mine.png"))).hasMessageContaining("mine.png: no label");

    Files.writeString(dir.resolve(DigitLabels.CSV_FILE), "file,label\nmine.png,4\nother.pgm, 9\n");
    assertThat(DigitLabels.of(dir).labelOf(dir.resolve("mine.png"))).isEqualTo(4);
    assertThat(DigitLabels.of(dir).labelOf(dir.resolve("other.pgm"))).isEqualTo(9);
    assertThatThrownBy(() -> DigitLabels.of(dir).labelOf(dir.resolve("7_mine.png"))).hasMessageContaining("no label in labels.csv");
  }
}
