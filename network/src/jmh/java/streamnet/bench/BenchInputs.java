package streamnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import streamnet.network.OneHot;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;

/** Training examples for the benchmarks: MNIST's training set if present, else look-alikes. */
record BenchInputs(float[][] images, float[][] targets, String source) {
  private static final int GENERATED = 50_000;
  /** Share of nonzero pixels in MNIST's training images. */
  private static final double NONZERO = 0.19;

  /** MNIST's 50,000 training examples from {@code dir}, or generated ones if the files are absent. */
  static BenchInputs load(Path dir) throws IOException {
    if (!Files.isRegularFile(dir.resolve(MnistData.TRAIN_IMAGES))) {
      return generated(new Rng(1), NONZERO);
    }
    Dataset training = MnistData.load(dir).training();
    float[][] images = new float[training.size()][];
    float[][] targets = new float[training.size()][];
    float[][] oneHot = OneHot.vectors(training.classes());
    for (int i = 0; i < images.length; i++) {
      images[i] = training.image(i);
      targets[i] = oneHot[training.label(i)];
    }
    return new BenchInputs(images, targets, "MNIST " + dir);
  }

  /** 28x28 inputs with every pixel uniform in (0, 1], and random labels. */
  static BenchInputs dense(Rng rng) {
    return generated(rng, 1.0);
  }

  /** 28x28 inputs with a share {@code nonzero} of pixels uniform in (0, 1], the rest 0, and random labels. */
  private static BenchInputs generated(Rng rng, double nonzero) {
    float[][] images = new float[GENERATED][MnistData.SIDE * MnistData.SIDE];
    float[][] targets = new float[GENERATED][];
    float[][] oneHot = OneHot.vectors(MnistData.CLASSES);
    for (int i = 0; i < GENERATED; i++) {
      for (int p = 0; p < images[i].length; p++) {
        images[i][p] = rng.nextDouble() < nonzero ? (float) (1.0 - rng.nextDouble()) : 0f;
      }
      targets[i] = oneHot[rng.nextInt(MnistData.CLASSES)];
    }
    return new BenchInputs(images, targets, "generated (" + nonzero + " nonzero)");
  }

  /** Consecutive mini-batches of {@code m} rows, {@code [batch][e][value]}, sharing rows. */
  static float[][][] batches(float[][] rows, int m) {
    float[][][] batches = new float[rows.length / m][m][];
    for (int k = 0; k < batches.length; k++) {
      System.arraycopy(rows, k * m, batches[k], 0, m);
    }
    return batches;
  }
}
