package streamnet.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * This core's float32 FMA peak, the yardstick kernel figures are quoted against. Scores are
 * operations per nanosecond where one operation is one floating-point operation (an FMA counts as
 * two), so a score reads directly as GFLOP/s.
 *
 * <p>{@link #vectorFma} keeps twelve independent FMA chains on the widest float vectors the JIT
 * offers ({@code FloatVector.SPECIES_PREFERRED}) in registers: no loads or stores, and more chains
 * than an FMA's latency times the FMA units per cycle (4 × 2 on current x86 cores), so the FMA
 * units never wait on a result. That is the most the core can compute. {@link #scalarFma} is the
 * same with one float per chain, what code that does not vectorize can reach.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int STEPS = 1_000;
  private static final int CHAINS = 12;
  /** Floating-point operations of one {@link #vectorFma} call. */
  public static final int VECTOR_FLOPS = STEPS * CHAINS * 2 * 8;
  /**
   * How many {@link #vectorFma} calls the CPU-time runners make between two reads of the thread's
   * CPU clock: a read costs about 1 µs here and a call about 3.5 µs, so reading after every call
   * put the peak about a fifth too low.
   */
  public static final int CALLS_PER_CLOCK_READ = 64;
  private static final int SCALAR_FLOPS = STEPS * CHAINS * 2;

  /** Factor and addend of a = a·x + y, which converges to 1: no overflow, no subnormals. */
  public float factor = 0.999f;
  public float addend = 0.001f;

  /** Lanes of the preferred species: the GFLOP/s figure assumes 8 (AVX2), checked here. */
  public FmaPeakBenchmark() {
    if (SPECIES.length() != 8) {
      throw new IllegalStateException(
          "preferred float species has " + SPECIES.length() + " lanes; VECTOR_FLOPS assumes 8");
    }
  }

  /** {@link #CALLS_PER_CLOCK_READ} calls of {@link #vectorFma}: what the CPU-time runners time between two clock reads. */
  public float vectorFmaCalls() {
    float sum = 0;
    for (int call = 0; call < CALLS_PER_CLOCK_READ; call++) {
      sum += vectorFma();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(VECTOR_FLOPS)
  public float vectorFma() {
    FloatVector x = FloatVector.broadcast(SPECIES, factor);
    FloatVector y = FloatVector.broadcast(SPECIES, addend);
    FloatVector a0 = FloatVector.broadcast(SPECIES, 0.10f), a1 = FloatVector.broadcast(SPECIES, 0.11f);
    FloatVector a2 = FloatVector.broadcast(SPECIES, 0.12f), a3 = FloatVector.broadcast(SPECIES, 0.13f);
    FloatVector a4 = FloatVector.broadcast(SPECIES, 0.14f), a5 = FloatVector.broadcast(SPECIES, 0.15f);
    FloatVector a6 = FloatVector.broadcast(SPECIES, 0.16f), a7 = FloatVector.broadcast(SPECIES, 0.17f);
    FloatVector a8 = FloatVector.broadcast(SPECIES, 0.18f), a9 = FloatVector.broadcast(SPECIES, 0.19f);
    FloatVector a10 = FloatVector.broadcast(SPECIES, 0.20f), a11 = FloatVector.broadcast(SPECIES, 0.21f);
    for (int s = 0; s < STEPS; s++) {
      a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
      a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
      a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
    }
    return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  @Benchmark
  @OperationsPerInvocation(SCALAR_FLOPS)
  public float scalarFma() {
    float x = factor, y = addend;
    float a0 = 0.10f, a1 = 0.11f, a2 = 0.12f, a3 = 0.13f, a4 = 0.14f, a5 = 0.15f;
    float a6 = 0.16f, a7 = 0.17f, a8 = 0.18f, a9 = 0.19f, a10 = 0.20f, a11 = 0.21f;
    for (int s = 0; s < STEPS; s++) {
      a0 = Math.fma(a0, x, y); a1 = Math.fma(a1, x, y); a2 = Math.fma(a2, x, y);
      a3 = Math.fma(a3, x, y); a4 = Math.fma(a4, x, y); a5 = Math.fma(a5, x, y);
      a6 = Math.fma(a6, x, y); a7 = Math.fma(a7, x, y); a8 = Math.fma(a8, x, y);
      a9 = Math.fma(a9, x, y); a10 = Math.fma(a10, x, y); a11 = Math.fma(a11, x, y);
    }
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
  }
}
