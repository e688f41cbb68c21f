package streamnet.network;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import streamnet.bench.FmaPeakBenchmark;

/**
 * {@link LayerKernelBenchmark}'s candidates and {@link FmaPeakBenchmark#vectorFma}, timed by this
 * thread's CPU time instead of JMH's wall clock: on a machine whose load average is far above its
 * core count, wall-clock time mostly measures the other processes. Candidates take turns, 15
 * rounds of about 0.2 s each, so a change in load hits them alike; each line gives the median round.
 *
 * <p>Usage: {@code LayerKernelCpuTime HIDDEN,... MINI_BATCH,... DENSITY,...} (run with
 * {@code --add-modules jdk.incubator.vector}); prints {@code peak GFLOP/s} once, then one line per
 * shape and candidate with µs per call, GFLOP/s and share of the peak.
 */
public final class LayerKernelCpuTime {
  private static final int ROUNDS = 15;
  private static final long ROUND_NANOS = 200_000_000L;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LayerKernelCpuTime() {}

  public static void main(String[] args) {
    FmaPeakBenchmark peakBenchmark = new FmaPeakBenchmark();
    Supplier<Float> peakCalls = peakBenchmark::vectorFmaCalls;
    double peakNanos = medianNanos(Map.of("peak", peakCalls)).get("peak");
    double peak = (double) FmaPeakBenchmark.VECTOR_FLOPS * FmaPeakBenchmark.CALLS_PER_CLOCK_READ / peakNanos;
    System.out.printf("peak %.1f GFLOP/s (vectorFma, median of %d rounds of thread CPU time)%n", peak, ROUNDS);
    for (String hidden : args[0].split(",")) {
      for (String miniBatch : args[1].split(",")) {
        for (String density : args[2].split(",")) {
          LayerKernelBenchmark layer = new LayerKernelBenchmark();
          layer.hidden = Integer.parseInt(hidden);
          layer.miniBatch = Integer.parseInt(miniBatch);
          layer.density = Double.parseDouble(density);
          layer.setUp();
          Map<String, Supplier<Object>> candidates = new LinkedHashMap<>();
          candidates.put("rowLoops", layer::rowLoops);
          candidates.put("vectorKernels", layer::vectorKernels);
          candidates.put("netlibSgemm", layer::netlibSgemm);
          double flops = 4.0 * 784 * layer.hidden * layer.miniBatch;
          medianNanos(candidates).forEach((name, nanos) -> System.out.printf(
              "hidden %s mini-batch %s density %s %s: %.1f us, %.1f GFLOP/s, %.0f %% of peak%n",
              hidden, miniBatch, density, name, nanos / 1e3, flops / nanos, 100 * flops / nanos / peak));
        }
      }
    }
  }

  /** Median over the rounds of each candidate's CPU nanoseconds per call. */
  private static Map<String, Double> medianNanos(Map<String, ? extends Supplier<?>> candidates) {
    Map<String, double[]> rounds = new LinkedHashMap<>();
    candidates.keySet().forEach(name -> rounds.put(name, new double[ROUNDS]));
    Object sink = null;
    for (int round = -2; round < ROUNDS; round++) { // two rounds of warm-up
      for (Map.Entry<String, ? extends Supplier<?>> candidate : candidates.entrySet()) {
        long start = THREADS.getCurrentThreadCpuTime();
        long calls = 0;
        long elapsed;
        do {
          sink = candidate.getValue().get();
          calls++;
          elapsed = THREADS.getCurrentThreadCpuTime() - start;
        } while (elapsed < ROUND_NANOS);
        if (round >= 0) {
          rounds.get(candidate.getKey())[round] = (double) elapsed / calls;
        }
      }
    }
    if (sink == null) {
      throw new AssertionError();
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    rounds.forEach((name, values) -> {
      Arrays.sort(values);
      medians.put(name, values[ROUNDS / 2]);
    });
    return medians;
  }
}
