package streamnet.producer.files;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import streamnet.record.Example;

/**
 * Reads a 28x28 grayscale digit from a PNG or a PGM (P2 or P5, maxval up to 255) as the 784 pixel
 * bytes of a record, unchanged: like MNIST, 0 is background and 255 is ink.
 */
public final class DigitImages {

  /** Width and height of a digit. */
  public static final int SIDE = 28;

  private DigitImages() {}

  /** True for the file names this reader handles. */
  public static boolean isDigitImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".pgm");
  }

  /** The pixels of the file, or an exception naming the file and what is wrong with it. */
  public static byte[] read(Path file) throws BadDigitFileException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadDigitFileException(file, "cannot read: " + e.getMessage());
    }
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pgm") ? readPgm(file, bytes) : readPng(file, bytes);
  }

  /** A single-band 8-bit PNG of 28x28. */
  private static byte[] readPng(Path file, byte[] bytes) throws BadDigitFileException {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new BadDigitFileException(file, "not a readable PNG (" + e.getMessage() + ")");
    }
    if (image == null) {
      throw new BadDigitFileException(file, "not a PNG image");
    }
    requireSize(file, image.getWidth(), image.getHeight());
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1 || raster.getSampleModel().getSampleSize(0) != 8) {
      throw new BadDigitFileException(file, "not an 8-bit grayscale PNG (" + raster.getNumBands() + " bands)");
    }
    byte[] pixels = new byte[Example.PIXELS];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        pixels[y * SIDE + x] = (byte) raster.getSample(x, y, 0);
      }
    }
    return pixels;
  }

  /** A binary (P5) or plain (P2) PGM of 28x28, scaled to 0-255 if its maxval is smaller. */
  private static byte[] readPgm(Path file, byte[] bytes) throws BadDigitFileException {
    PgmHeader header = PgmHeader.parse(file, bytes);
    requireSize(file, header.width(), header.height());
    String[] plainValues = header.binary() ? null
        : new String(bytes, header.dataOffset(), bytes.length - header.dataOffset(), StandardCharsets.US_ASCII).trim().split("\\s+");
    int available = header.binary() ? bytes.length - header.dataOffset() : plainValues.length;
    if (available < Example.PIXELS) {
      throw new BadDigitFileException(file, "truncated: " + available + " of " + Example.PIXELS + " pixels");
    }
    byte[] pixels = new byte[Example.PIXELS];
    for (int i = 0; i < Example.PIXELS; i++) {
      int value = header.binary() ? bytes[header.dataOffset() + i] & 0xFF : parsePixel(file, plainValues[i]);
      if (value > header.maxValue()) {
        throw new BadDigitFileException(file, "pixel " + i + " is " + value + ", above the maxval " + header.maxValue());
      }
      pixels[i] = (byte) Math.round(value * 255.0 / header.maxValue());
    }
    return pixels;
  }

  /** One pixel of a plain PGM. */
  private static int parsePixel(Path file, String text) throws BadDigitFileException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadDigitFileException(file, "pixel value '" + text + "' is not a number");
    }
  }

  /** Refuses anything but 28x28. */
  private static void requireSize(Path file, int width, int height) throws BadDigitFileException {
    if (width != SIDE || height != SIDE) {
      throw new BadDigitFileException(file, "is " + width + "x" + height + ", digits must be " + SIDE + "x" + SIDE);
    }
  }
}
