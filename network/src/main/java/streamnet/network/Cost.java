package streamnet.network;

import java.util.Locale;

/**
 * A cost function as network2 defines one: {@code fn} is the cost of one output, {@code delta} the
 * output layer's error dC/dz. Outputs and targets are vectors; targets are usually one-hot.
 */
public enum Cost {
  /** C = ½‖a − y‖². Learns slowly when a sigmoid output saturates. */
  QUADRATIC("QuadraticCost") {
    @Override
    public double fn(float[] a, float[] y) {
      double sum = 0;
      for (int j = 0; j < a.length; j++) {
        double d = a[j] - y[j];
        sum += d * d;
      }
      return 0.5 * sum;
    }

    @Override
    void costGradient(float[] a, float[] y, float[] dCostByA) {
      for (int j = 0; j < a.length; j++) {
        dCostByA[j] = a[j] - y[j];
      }
    }

    @Override
    public boolean supports(Activation output) {
      return true;
    }
  },
  /** C = −Σ [y ln a + (1 − y) ln(1 − a)]. With sigmoid outputs delta is a − y: no saturation slowdown. */
  CROSS_ENTROPY("CrossEntropyCost") {
    @Override
    public double fn(float[] a, float[] y) {
      double sum = 0;
      for (int j = 0; j < a.length; j++) {
        sum -= y[j] * log(a[j]) + (1.0 - y[j]) * log(1.0 - a[j]);
      }
      return sum;
    }

    @Override
    void costGradient(float[] a, float[] y, float[] dCostByA) {
      for (int j = 0; j < a.length; j++) {
        dCostByA[j] = (float) ((a[j] - y[j]) / ((double) a[j] * (1.0 - a[j])));
      }
    }

    @Override
    public void delta(float[] a, float[] y, Activation output, float[] scratch, float[] delta) {
      if (output == Activation.SIGMOID) {
        difference(a, y, delta);
      } else {
        super.delta(a, y, output, scratch, delta);
      }
    }

    @Override
    public boolean supports(Activation output) {
      return output == Activation.SIGMOID || output == Activation.SOFTMAX;
    }
  },
  /** C = −Σ y ln a (−ln a_label for a one-hot target). With softmax outputs delta is a − y. */
  LOG_LIKELIHOOD("LogLikelihoodCost") {
    @Override
    public double fn(float[] a, float[] y) {
      double sum = 0;
      for (int j = 0; j < a.length; j++) {
        if (y[j] != 0f) {
          sum -= y[j] * log(a[j]);
        }
      }
      return sum;
    }

    @Override
    void costGradient(float[] a, float[] y, float[] dCostByA) {
      for (int j = 0; j < a.length; j++) {
        dCostByA[j] = y[j] == 0f ? 0f : -y[j] / a[j];
      }
    }

    @Override
    public void delta(float[] a, float[] y, Activation output, float[] scratch, float[] delta) {
      if (output == Activation.SOFTMAX) {
        difference(a, y, delta);
      } else if (output == Activation.SIGMOID) {
        for (int j = 0; j < a.length; j++) {
          delta[j] = -y[j] * (1f - a[j]);
        }
      } else {
        super.delta(a, y, output, scratch, delta);
      }
    }

    @Override
    public boolean supports(Activation output) {
      return output == Activation.SIGMOID || output == Activation.SOFTMAX;
    }
  };

  /** Keeps ln finite where a float output rounds to exactly 0 or 1. */
  private static final double SMALLEST_PROBABILITY = 1e-30;

  private final String network2Name;

  Cost(String network2Name) {
    this.network2Name = network2Name;
  }

  /** The cost of output {@code a} against target {@code y}. */
  public abstract double fn(float[] a, float[] y);

  /** dC/da, written into {@code dCostByA}. */
  abstract void costGradient(float[] a, float[] y, float[] dCostByA);

  /** Whether this cost is defined for outputs of that activation. */
  public abstract boolean supports(Activation output);

  /**
   * The output error dC/dz into {@code delta}; {@code scratch} is a buffer of the output size.
   * Costs override this where cost and output activation simplify together (a − y).
   */
  public void delta(float[] a, float[] y, Activation output, float[] scratch, float[] delta) {
    costGradient(a, y, scratch);
    output.backpropagate(a, scratch, delta);
  }

  /** The class name network2.py's {@code load()} looks up. */
  public String network2Name() {
    return network2Name;
  }

  /** Lower-case name used on the command line, e.g. {@code cross-entropy}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a command-line name ({@code cross-entropy}) or a network2 class name. */
  public static Cost fromId(String id) {
    for (Cost cost : values()) {
      if (cost.id().equalsIgnoreCase(id.trim()) || cost.network2Name.equals(id.trim())) {
        return cost;
      }
    }
    throw new IllegalArgumentException(
        "unknown cost '" + id + "' (quadratic, cross-entropy, log-likelihood)");
  }

  private static double log(double p) {
    return Math.log(Math.max(p, SMALLEST_PROBABILITY));
  }

  private static void difference(float[] a, float[] y, float[] delta) {
    for (int j = 0; j < a.length; j++) {
      delta[j] = a[j] - y[j];
    }
  }
}
