package streamnet.network.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files (the MNIST format): a big-endian header of magic number and dimensions, then
 * unsigned bytes. Each file is read whole and checked against its header before use.
 */
public final class IdxReader {
  /** Magic number of an IDX file of unsigned bytes with three dimensions: count, rows, columns. */
  public static final int IMAGES_MAGIC = 0x00000803;

  /** Magic number of an IDX file of unsigned bytes with one dimension: count. */
  public static final int LABELS_MAGIC = 0x00000801;

  static final int IMAGES_HEADER_BYTES = 16;
  static final int LABELS_HEADER_BYTES = 8;
  private static final int GZIP_MAGIC_PREFIX = 0x1f8b;

  private IdxReader() {}

  /** Labeled images from an image file and a label file of equal count, pixels scaled to [0, 1]. */
  public static Dataset readDataset(Path images, Path labels, int rows, int columns, int classes)
      throws IOException {
    float[][] pixels = readImages(images, rows, columns);
    int[] classIndices = readLabels(labels);
    if (classIndices.length != pixels.length) {
      throw new IdxFormatException(
          labels,
          "label count does not match %s: expected %d, found %d"
              .formatted(images, pixels.length, classIndices.length));
    }
    checkLabelRange(labels, classIndices, classes);
    return new Dataset(pixels, classIndices, classes);
  }

  /** The images of an IDX image file, which must be rows x columns, scaled to [0, 1]. */
  public static float[][] readImages(Path file, int rows, int columns) throws IOException {
    ByteBuffer bytes = readWithMagic(file, IMAGES_MAGIC, IMAGES_HEADER_BYTES);
    int count = bytes.getInt(4);
    int foundRows = bytes.getInt(8);
    int foundColumns = bytes.getInt(12);
    if (foundRows != rows || foundColumns != columns) {
      throw new IdxFormatException(
          file,
          "image size: expected %dx%d, found %dx%d"
              .formatted(rows, columns, foundRows, foundColumns));
    }
    int pixelsPerImage = rows * columns;
    checkLength(
        file,
        bytes,
        IMAGES_HEADER_BYTES,
        count,
        pixelsPerImage,
        "images of " + rows + "x" + columns);
    float[][] images = new float[count][pixelsPerImage];
    int offset = IMAGES_HEADER_BYTES;
    for (float[] image : images) {
      for (int p = 0; p < pixelsPerImage; p++) {
        image[p] = (bytes.get(offset++) & 0xFF) / 255f;
      }
    }
    return images;
  }

  /** The labels of an IDX label file. */
  public static int[] readLabels(Path file) throws IOException {
    ByteBuffer bytes = readWithMagic(file, LABELS_MAGIC, LABELS_HEADER_BYTES);
    int count = bytes.getInt(4);
    checkLength(file, bytes, LABELS_HEADER_BYTES, count, 1, "labels");
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = bytes.get(LABELS_HEADER_BYTES + i) & 0xFF;
    }
    return labels;
  }

  /**
   * The whole file, after checking that it is long enough for its header and has the magic number.
   */
  private static ByteBuffer readWithMagic(Path file, int magic, int headerBytes)
      throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    if (bytes.limit() < 4) {
      throw new IdxFormatException(
          file, "truncated: no IDX header, file has " + bytes.limit() + " bytes");
    }
    int found = bytes.getInt(0);
    if (found != magic) {
      throw new IdxFormatException(file, foreignFileProblem(magic, found));
    }
    if (bytes.limit() < headerBytes) {
      throw new IdxFormatException(
          file, "truncated: header needs " + headerBytes + " bytes, file has " + bytes.limit());
    }
    return bytes;
  }

  private static String foreignFileProblem(int expected, int found) {
    String problem =
        String.format("wrong magic number: expected 0x%08x, found 0x%08x", expected, found);
    // The files are often downloaded as .gz; say so rather than leave the user puzzling over hex.
    return found >>> 16 == GZIP_MAGIC_PREFIX
        ? problem + " (gzip-compressed? unpack it first)"
        : problem;
  }

  /**
   * Checks that the file holds exactly {@code count} items of {@code itemBytes} after its header.
   */
  private static void checkLength(
      Path file, ByteBuffer bytes, int headerBytes, int count, int itemBytes, String items)
      throws IdxFormatException {
    long expected = headerBytes + Integer.toUnsignedLong(count) * itemBytes;
    long found = bytes.limit();
    if (found < expected) {
      throw new IdxFormatException(
          file,
          "truncated: header promises %s %s (%d bytes), file has %d bytes"
              .formatted(Integer.toUnsignedString(count), items, expected, found));
    }
    if (found > expected) {
      throw new IdxFormatException(
          file,
          "length: expected %d bytes for %d %s, found %d bytes"
              .formatted(expected, count, items, found));
    }
  }

  private static void checkLabelRange(Path file, int[] labels, int classes)
      throws IdxFormatException {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= classes) {
        throw new IdxFormatException(
            file,
            "label at index " + i + ": expected 0.." + (classes - 1) + ", found " + labels[i]);
      }
    }
  }
}
