package streamnet.network.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * MNIST split as in Nielsen's book: training, validation and test sets of 28x28 images in [0, 1].
 *
 * <p>Any IDX data set of 28x28 images with 10 classes loads the same way. The validation set is the
 * last sixth of the train files (rounded down) and training the rest, which for MNIST's 60,000 is
 * the book's split: images 0-49,999 train, 50,000-59,999 validate. The t10k files are the test set.
 */
public record MnistData(Dataset training, Dataset validation, Dataset test) {
  public static final int SIDE = 28;
  public static final int CLASSES = 10;
  public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
  public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
  public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
  public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

  /** The four files a data directory holds. */
  public static final List<String> FILE_NAMES =
      List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

  /** Loads the four IDX files from {@code dir} and splits off the validation set. */
  public static MnistData load(Path dir) throws IOException {
    checkFilesExist(dir);
    Dataset train = read(dir, TRAIN_IMAGES, TRAIN_LABELS);
    Dataset test = read(dir, TEST_IMAGES, TEST_LABELS);
    int trainingSize = train.size() - train.size() / 6;
    return new MnistData(
        train.slice(0, trainingSize), train.slice(trainingSize, train.size()), test);
  }

  /** {@code $STREAMNET_HOME/data/mnist}, or {@code ./data/mnist} outside the launcher. */
  public static Path defaultDir() {
    String home = System.getenv("STREAMNET_HOME");
    return (home == null || home.isBlank() ? Path.of(".") : Path.of(home)).resolve("data/mnist");
  }

  private static Dataset read(Path dir, String images, String labels) throws IOException {
    return IdxReader.readDataset(dir.resolve(images), dir.resolve(labels), SIDE, SIDE, CLASSES);
  }

  private static void checkFilesExist(Path dir) throws NoSuchFileException {
    for (String name : FILE_NAMES) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(
            file.toString(), null, "missing (./streamnet fetch-mnist downloads MNIST)");
      }
    }
  }
}
