package streamnet.cli;

import java.io.IOException;
import java.nio.file.Path;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.data.IdxWriter;
import streamnet.network.data.MnistData;

/** Four MNIST-shaped IDX files of learnable images: class k lights rows 2k to 2k + 2. */
final class TinyMnist {
  private TinyMnist() {}

  /** Writes {@code train} training images (the last sixth become validation) and {@code test} more. */
  static Path write(Path dir, int train, int test) throws IOException {
    IdxWriter.write(images(train, 1), MnistData.SIDE, MnistData.SIDE,
        dir.resolve(MnistData.TRAIN_IMAGES), dir.resolve(MnistData.TRAIN_LABELS));
    IdxWriter.write(images(test, 2), MnistData.SIDE, MnistData.SIDE,
        dir.resolve(MnistData.TEST_IMAGES), dir.resolve(MnistData.TEST_LABELS));
    return dir;
  }

  private static Dataset images(int count, long seed) {
    Rng rng = new Rng(seed);
    int side = MnistData.SIDE;
    float[][] images = new float[count][side * side];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % MnistData.CLASSES;
      for (int row = 2 * labels[i]; row < 2 * labels[i] + 3; row++) {
        for (int column = 4; column < side - 4; column++) {
          images[i][row * side + column] = (float) (0.7 + 0.3 * rng.nextDouble());
        }
      }
    }
    return new Dataset(images, labels, MnistData.CLASSES);
  }
}
