package streamnet.network.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Generated data sets for tests: pixels are whole multiples of 1/255, as IDX stores them. */
final class Fixtures {
  static final long TRAIN_SEED = 1;
  static final long TEST_SEED = 2;

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

  /** Writes the four MNIST files of {@code dataset(trainCount, 28, TRAIN_SEED)} and a test set. */
  static Path mnistDir(Path dir, int trainCount, int testCount) throws IOException {
    write(dir, MnistData.TRAIN_IMAGES, MnistData.TRAIN_LABELS, dataset(trainCount, 28, TRAIN_SEED));
    write(dir, MnistData.TEST_IMAGES, MnistData.TEST_LABELS, dataset(testCount, 28, TEST_SEED));
    return dir;
  }

  private static void write(Path dir, String images, String labels, Dataset data)
      throws IOException {
    IdxWriter.write(data, 28, 28, dir.resolve(images), dir.resolve(labels));
  }
}
