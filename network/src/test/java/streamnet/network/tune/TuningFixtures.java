package streamnet.network.tune;

import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.train.TrainingSettings;

/** A small learnable data set and settings to tune on it. */
final class TuningFixtures {
  static final int SIDE = 8;
  static final int CLASSES = 4;

  private TuningFixtures() {}

  /**
   * {@code count} 8x8 images in which class k lights rows 2k and 2k + 1 brighter than the noise
   * elsewhere; labels cycle through the classes.
   */
  static Dataset stripes(int count, long seed) {
    Rng rng = new Rng(seed);
    float[][] images = new float[count][SIDE * SIDE];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % CLASSES;
      for (int p = 0; p < SIDE * SIDE; p++) {
        boolean lit = p / SIDE / 2 == labels[i];
        images[i][p] = (float) ((lit ? 0.6 : 0) + 0.4 * rng.nextDouble());
      }
    }
    return new Dataset(images, labels, CLASSES);
  }

  /** [64, 10, 4] cross-entropy, η 0.5, λ 0.1, mini-batch 10, 20 epochs, patience 3, seed 7. */
  static TrainingSettings settings() {
    return new TrainingSettings(
        Architecture.sigmoid(Cost.CROSS_ENTROPY, SIDE * SIDE, 10, CLASSES),
        WeightInitializer.DEFAULT,
        Hyperparameters.sgd(0.5, 0.1, 200),
        10,
        20,
        3,
        false,
        7);
  }
}
