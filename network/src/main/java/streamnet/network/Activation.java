package streamnet.network;

import java.util.Locale;

/** A layer's neuron: maps weighted inputs z to activations a. */
public enum Activation {
  SIGMOID {
    @Override
    public void apply(float[] z, float[] a) {
      for (int j = 0; j < z.length; j++) {
        a[j] = (float) (1.0 / (1.0 + Math.exp(-z[j])));
      }
    }

    @Override
    public float derivative(float a) {
      return a * (1f - a);
    }
  },
  TANH {
    @Override
    public void apply(float[] z, float[] a) {
      for (int j = 0; j < z.length; j++) {
        a[j] = (float) Math.tanh(z[j]);
      }
    }

    @Override
    public float derivative(float a) {
      return 1f - a * a;
    }
  },
  RELU {
    @Override
    public void apply(float[] z, float[] a) {
      for (int j = 0; j < z.length; j++) {
        a[j] = Math.max(0f, z[j]);
      }
    }

    @Override
    public float derivative(float a) {
      return a > 0f ? 1f : 0f;
    }
  },
  LINEAR {
    @Override
    public void apply(float[] z, float[] a) {
      System.arraycopy(z, 0, a, 0, z.length);
    }

    @Override
    public float derivative(float a) {
      return 1f;
    }
  },
  /** Output layer only: a_j = exp(z_j) / sum_k exp(z_k). Not elementwise. */
  SOFTMAX {
    @Override
    public void apply(float[] z, float[] a) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : z) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int j = 0; j < z.length; j++) {
        double e = Math.exp(z[j] - max);
        a[j] = (float) e;
        sum += e;
      }
      float inverse = (float) (1.0 / sum);
      for (int j = 0; j < z.length; j++) {
        a[j] *= inverse;
      }
    }

    @Override
    public float derivative(float a) {
      throw new IllegalStateException("softmax has no elementwise derivative");
    }

    @Override
    public void backpropagate(float[] a, float[] dCostByA, float[] delta) {
      double dot = 0;
      for (int k = 0; k < a.length; k++) {
        dot += dCostByA[k] * a[k];
      }
      for (int j = 0; j < a.length; j++) {
        delta[j] = (float) (a[j] * (dCostByA[j] - dot));
      }
    }
  };

  /** Writes the activations of weighted inputs {@code z} into {@code a}. */
  public abstract void apply(float[] z, float[] a);

  /** da/dz for one neuron, expressed through its activation a (every supported neuron allows it). */
  public abstract float derivative(float a);

  /** delta = dC/dz from dC/da (a Jacobian-vector product; elementwise except for softmax). */
  public void backpropagate(float[] a, float[] dCostByA, float[] delta) {
    for (int j = 0; j < a.length; j++) {
      delta[j] = dCostByA[j] * derivative(a[j]);
    }
  }

  /** Whether hidden layers may use it (softmax couples the neurons of a layer). */
  public boolean allowedInHiddenLayer() {
    return this != SOFTMAX;
  }

  /** Lower-case name used on the command line and in model files. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name such as {@code relu} or {@code SIGMOID}. */
  public static Activation fromId(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown activation '" + id + "' (sigmoid, tanh, relu, linear, softmax)");
    }
  }
}
