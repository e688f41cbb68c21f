package streamnet.network;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The two products of a training step on the 784-input layer, one thread: the weighted inputs
 * Z = X·W of a mini-batch and the weight gradients G += Xᵀ·Δ, 4 · 784 · hidden · miniBatch
 * floating-point operations in all. Inputs have the given share of nonzero pixels (the rest exactly
 * 0), which is what the row loops' work depends on and what {@link KernelChoice#DENSE_FROM} is
 * chosen from.
 *
 * <ul>
 *   <li>{@code rowLoops}: what {@link MiniBatchTrainer} does with {@link KernelChoice#SPARSE}
 *       (lists the nonzero inputs, then only their rows).
 *   <li>{@code vectorKernels}: {@link VectorKernels#multiplyAdd} twice, with the transpose of X
 *       the gradient product needs: the two products alone, without the update that the trainer
 *       fuses into the gradient product ({@link VectorKernels#descend}).
 *   <li>{@code netlibSgemm}: dev.ludovic.netlib's pure-Java {@code sgemm} (its VectorBLAS, on the
 *       Vector API too) on flat column-major copies, counting the copies the trainer's
 *       {@code float[][]} rows would need.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "--add-modules", "jdk.incubator.vector"})
public class LayerKernelBenchmark {
  private static final int INPUTS = 784;

  @Param({"30", "100", "800"})
  public int hidden;

  @Param({"10", "100"})
  public int miniBatch;

  @Param({"1.0"})
  public double density;

  private float[][] x;
  private float[][] xByInput;
  private float[][] w;
  private float[][] z;
  private float[][] delta;
  private float[][] gradient;
  private int[][] positions;
  private float[] xFlat;
  private float[] wFlat;
  private float[] zFlat;
  private float[] deltaFlat;
  private float[] gradientFlat;
  private BLAS blas;

  @Setup
  public void setUp() {
    Rng rng = new Rng(1);
    x = new float[miniBatch][INPUTS];
    for (float[] row : x) {
      for (int i = 0; i < INPUTS; i++) {
        row[i] = rng.nextDouble() < density ? (float) (1.0 - rng.nextDouble()) : 0f;
      }
    }
    w = random(INPUTS, hidden, 1f / 28, rng);
    delta = random(miniBatch, hidden, 0.5f, rng);
    z = new float[miniBatch][hidden];
    gradient = new float[INPUTS][hidden];
    xByInput = new float[INPUTS][miniBatch];
    positions = new int[miniBatch][INPUTS];
    xFlat = new float[miniBatch * INPUTS];
    wFlat = new float[INPUTS * hidden];
    zFlat = new float[miniBatch * hidden];
    deltaFlat = new float[miniBatch * hidden];
    gradientFlat = new float[INPUTS * hidden];
    blas = JavaBLAS.getInstance();
    if (!blas.getClass().getSimpleName().equals("VectorBLAS")) {
      throw new IllegalStateException("netlib took " + blas.getClass().getName() + ", not VectorBLAS");
    }
  }

  @Benchmark
  public float[][] rowLoops() {
    for (int e = 0; e < miniBatch; e++) {
      int count = Kernels.nonzeroPositions(x[e], positions[e]);
      Arrays.fill(z[e], 0f);
      Kernels.addScaledRows(positions[e], count, x[e], w, z[e]);
    }
    for (int e = 0; e < miniBatch; e++) {
      int count = Kernels.nonzeroPositions(x[e], positions[e]);
      Kernels.addScaledToRows(delta[e], positions[e], count, x[e], gradient);
    }
    return gradient;
  }

  @Benchmark
  public float[][] vectorKernels() {
    for (float[] row : z) {
      Arrays.fill(row, 0f);
    }
    VectorKernels.multiplyAdd(x, miniBatch, w, INPUTS, z);
    transpose(x, miniBatch, xByInput);
    VectorKernels.multiplyAdd(xByInput, INPUTS, delta, miniBatch, gradient);
    return gradient;
  }

  /** {@code byColumn[i][r] = rows[r][i]} for the first {@code count} rows. */
  private static void transpose(float[][] rows, int count, float[][] byColumn) {
    for (int r = 0; r < count; r++) {
      float[] row = rows[r];
      for (int i = 0; i < byColumn.length; i++) {
        byColumn[i][r] = row[i];
      }
    }
  }

  /** Row-major Z = X·W is column-major Zᵀ = Wᵀ·Xᵀ, and G = Xᵀ·Δ is Gᵀ = Δᵀ·X. */
  @Benchmark
  public float[] netlibSgemm() {
    for (int i = 0; i < INPUTS; i++) {
      System.arraycopy(w[i], 0, wFlat, i * hidden, hidden);
    }
    for (int e = 0; e < miniBatch; e++) {
      System.arraycopy(x[e], 0, xFlat, e * INPUTS, INPUTS);
      System.arraycopy(delta[e], 0, deltaFlat, e * hidden, hidden);
    }
    blas.sgemm("N", "N", hidden, miniBatch, INPUTS, 1f, wFlat, hidden, xFlat, INPUTS, 0f, zFlat, hidden);
    for (int e = 0; e < miniBatch; e++) {
      System.arraycopy(zFlat, e * hidden, z[e], 0, hidden);
    }
    blas.sgemm("N", "T", hidden, INPUTS, miniBatch, 1f, deltaFlat, hidden, xFlat, INPUTS, 1f,
        gradientFlat, hidden);
    return gradientFlat;
  }

  private static float[][] random(int rows, int width, float scale, Rng rng) {
    float[][] m = new float[rows][width];
    for (float[] row : m) {
      for (int j = 0; j < width; j++) {
        row[j] = (float) (rng.nextDouble() - 0.5) * scale;
      }
    }
    return m;
  }
}
