package streamnet.network.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes IDX image and label files that {@link IdxReader} reads back; for fixtures and exports. */
public final class IdxWriter {

  private IdxWriter() {}

  /** Writes a data set as an IDX image file and an IDX label file. */
  public static void write(Dataset data, int rows, int columns, Path images, Path labels)
      throws IOException {
    float[][] pixels = new float[data.size()][];
    int[] classIndices = new int[data.size()];
    for (int i = 0; i < data.size(); i++) {
      pixels[i] = data.image(i);
      classIndices[i] = data.label(i);
    }
    writeImages(images, pixels, rows, columns);
    writeLabels(labels, classIndices);
  }

  /** Writes images of intensities in [0, 1] as unsigned bytes 0..255. */
  public static void writeImages(Path file, float[][] images, int rows, int columns)
      throws IOException {
    ByteBuffer bytes =
        ByteBuffer.allocate(IdxReader.IMAGES_HEADER_BYTES + images.length * rows * columns);
    bytes.putInt(IdxReader.IMAGES_MAGIC).putInt(images.length).putInt(rows).putInt(columns);
    for (float[] image : images) {
      if (image.length != rows * columns) {
        throw new IllegalArgumentException(
            "image of " + image.length + " pixels is not " + rows + "x" + columns);
      }
      for (float pixel : image) {
        bytes.put((byte) Math.round(pixel * 255f));
      }
    }
    Files.write(file, bytes.array());
  }

  /** Writes labels 0..255 as unsigned bytes. */
  public static void writeLabels(Path file, int[] labels) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(IdxReader.LABELS_HEADER_BYTES + labels.length);
    bytes.putInt(IdxReader.LABELS_MAGIC).putInt(labels.length);
    for (int label : labels) {
      bytes.put((byte) label);
    }
    Files.write(file, bytes.array());
  }
}
