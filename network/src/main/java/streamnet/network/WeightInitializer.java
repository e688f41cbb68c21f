package streamnet.network;

import java.util.Locale;

/** How a new network's weights and biases are drawn (network2's two initializers). */
public enum WeightInitializer {
  /** Weights N(0, 1/n_in), biases N(0, 1): hidden neurons start unsaturated. */
  DEFAULT {
    @Override
    double weightStdDev(int inputs) {
      return 1.0 / Math.sqrt(inputs);
    }
  },
  /** Weights and biases N(0, 1), the initialization of chapter 1 (and the book's overfitting run). */
  LARGE {
    @Override
    double weightStdDev(int inputs) {
      return 1.0;
    }
  };

  abstract double weightStdDev(int inputs);

  /** Fills {@code weights[in][out]} and {@code biases[out]} of one layer with {@code inputs} inputs. */
  public void initialize(float[][] weights, float[] biases, Rng rng) {
    double std = weightStdDev(weights.length);
    for (float[] row : weights) {
      for (int j = 0; j < row.length; j++) {
        row[j] = (float) (rng.nextGaussian() * std);
      }
    }
    for (int j = 0; j < biases.length; j++) {
      biases[j] = (float) rng.nextGaussian();
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code default} or {@code large}. */
  public static WeightInitializer fromId(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown initializer '" + id + "' (default, large)");
    }
  }
}
