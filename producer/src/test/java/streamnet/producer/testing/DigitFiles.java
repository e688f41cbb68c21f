package streamnet.producer.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import streamnet.record.Example;

/** Digit image files for tests. */
public final class DigitFiles {

  private DigitFiles() {}

  /** Writes a binary 28x28 PGM of the pixels. */
  public static Path writePgm(Path file, byte[] pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write("P5\n# a digit\n28 28\n255\n".getBytes(StandardCharsets.US_ASCII));
    bytes.write(pixels);
    return Files.write(file, bytes.toByteArray());
  }

  /** 784 pixels of one value. */
  public static byte[] uniform(int value) {
    byte[] pixels = new byte[Example.PIXELS];
    Arrays.fill(pixels, (byte) value);
    return pixels;
  }
}
