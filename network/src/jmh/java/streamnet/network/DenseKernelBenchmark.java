package streamnet.network;

import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "--add-modules", "jdk.incubator.vector"})
public class DenseKernelBenchmark {
  @Param({"30", "100", "800"})
  public int hidden;
  @Param({"10", "100"})
  public int miniBatch;

  static final int IN = 784;
  float[][] x, xt, w, z, d, gw;
  float[] xFlat, wFlat, zFlat, dFlat, gwFlat;
  int[][] positions;
  dev.ludovic.netlib.blas.BLAS blas;

  @Setup
  public void setUp() {
    Rng rng = new Rng(1);
    x = new float[miniBatch][IN];
    xt = new float[IN][miniBatch];
    for (int e = 0; e < miniBatch; e++) for (int i = 0; i < IN; i++) { x[e][i] = (float) (1 - rng.nextDouble()); xt[i][e] = x[e][i]; }
    w = new float[IN][hidden];
    for (float[] row : w) for (int j = 0; j < hidden; j++) row[j] = (float) (rng.nextDouble() - 0.5) / 28;
    z = new float[miniBatch][hidden];
    d = new float[miniBatch][hidden];
    for (float[] row : d) for (int j = 0; j < hidden; j++) row[j] = (float) (rng.nextDouble() - 0.5);
    gw = new float[IN][hidden];
    positions = new int[miniBatch][IN];
    xFlat = new float[miniBatch * IN]; wFlat = new float[IN * hidden]; zFlat = new float[miniBatch * hidden];
    dFlat = new float[miniBatch * hidden]; gwFlat = new float[IN * hidden];
    blas = JavaBLAS.getInstance();
    System.out.println("netlib: " + blas.getClass().getName());
  }

  @Benchmark
  public float[][] rowLoops() {
    for (int e = 0; e < miniBatch; e++) {
      int count = Kernels.nonzeroPositions(x[e], positions[e]);
      java.util.Arrays.fill(z[e], 0f);
      Kernels.addScaledRows(positions[e], count, x[e], w, z[e]);
    }
    for (int e = 0; e < miniBatch; e++) {
      Kernels.addScaledToRows(d[e], positions[e], IN, x[e], gw);
    }
    return gw;
  }

  @Benchmark
  public float[][] plain4x4() {
    for (float[] row : z) java.util.Arrays.fill(row, 0f);
    KernelCandidates.plain4x4(x, miniBatch, w, IN, z);
    for (int i = 0; i < IN; i++) for (int e = 0; e < miniBatch; e++) xt[i][e] = x[e][i];
    KernelCandidates.plain4x4(xt, IN, d, miniBatch, gw);
    return gw;
  }

  @Benchmark
  public float[][] vector4x2() {
    for (float[] row : z) java.util.Arrays.fill(row, 0f);
    KernelCandidates.vector4x2(x, miniBatch, w, IN, z);
    for (int i = 0; i < IN; i++) for (int e = 0; e < miniBatch; e++) xt[i][e] = x[e][i];
    KernelCandidates.vector4x2(xt, IN, d, miniBatch, gw);
    return gw;
  }

  /** netlib sgemm (column-major), with the copies of float[][] rows it needs in and out. */
  @Benchmark
  public float[] netlib() {
    for (int i = 0; i < IN; i++) System.arraycopy(w[i], 0, wFlat, i * hidden, hidden);
    for (int e = 0; e < miniBatch; e++) System.arraycopy(x[e], 0, xFlat, e * IN, IN);
    for (int e = 0; e < miniBatch; e++) System.arraycopy(d[e], 0, dFlat, e * hidden, hidden);
    blas.sgemm("N", "N", hidden, miniBatch, IN, 1f, wFlat, hidden, xFlat, IN, 0f, zFlat, hidden);
    for (int e = 0; e < miniBatch; e++) System.arraycopy(zFlat, e * hidden, z[e], 0, hidden);
    blas.sgemm("N", "T", hidden, IN, miniBatch, 1f, dFlat, hidden, xFlat, IN, 1f, gwFlat, hidden);
    return gwFlat;
  }
}
