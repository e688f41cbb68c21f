package streamnet.network.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Generated data sets for tests: pixels are whole multiples of 1/255, as IDX stores them. */
final class Fixtures {

  private Fixtures() {}

  /** {@code count} random images of side x side with labels cycling through 0..9. */
  static Dataset dataset(int count, int side, long seed) {
    Random random = new Random(seed);
    float[][] images = new float[count][side * side];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < side * side; p++) {
        images[i][p] = random.nextInt(256) / 255f;
      }
      labels[i] = i % 10;
    }
    return new Dataset(images, labels, 10);
  }

  /** Writes a data directory with a train set of {@code trainCount} and a test set of {@code testCount}. */
  static Path mnistDir(Path dir, int trainCount, int testCount) throws IOException {
    write(dir, MnistData.TRAIN_IMAGES, MnistData.TRAIN_LABELS, dataset(trainCount, 28, 1));
    write(dir, MnistData.TEST_IMAGES, MnistData.TEST_LABELS, dataset(testCount, 28, 2));
    return dir;
  }

  private static void write(Path dir, String images, String labels, Dataset data) throws IOException {
    IdxWriter.write(data, 28, 28, dir.resolve(images), dir.resolve(labels));
  }
}
