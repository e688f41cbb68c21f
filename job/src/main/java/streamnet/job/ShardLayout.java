package streamnet.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How the parameters of a network are cut among {@code shards} averager shards: shard s owns the
 * flat parameters (and velocity entries) from {@link #from}(s) to {@link #to}(s), contiguous slices
 * whose sizes differ by at most one. The same cut applies to any array of the network's length.
 */
public record ShardLayout(int parameters, int shards) implements Serializable {

  public ShardLayout {
    if (shards < 1) {
      throw new IllegalArgumentException("--averagers must be positive, got " + shards);
    }
    if (shards > parameters) {
      throw new IllegalArgumentException(
          "--averagers " + shards + " is more than the network's " + parameters + " parameters");
    }
  }

  /** The first parameter of {@code shard}. */
  public int from(int shard) {
    return (int) ((long) parameters * shard / shards);
  }

  /** One past the last parameter of {@code shard}. */
  public int to(int shard) {
    return from(shard + 1);
  }

  /** The part of {@code values} (a whole network's, or empty) that {@code shard} owns; empty stays empty. */
  public float[] slice(float[] values, int shard) {
    if (values.length == 0) {
      return values;
    }
    requireWhole(values.length);
    return shards == 1 ? values : Arrays.copyOfRange(values, from(shard), to(shard));
  }

  /** The whole array from the slices of every shard, in shard order (all empty stays empty). */
  public float[] join(List<float[]> slices) {
    if (slices.size() != shards) {
      throw new IllegalArgumentException(slices.size() + " slices for " + shards + " shards");
    }
    if (slices.stream().allMatch(slice -> slice.length == 0)) {
      return new float[0];
    }
    float[] whole = new float[parameters];
    for (int shard = 0; shard < shards; shard++) {
      float[] slice = slices.get(shard);
      if (slice.length != to(shard) - from(shard)) {
        throw new IllegalArgumentException("slice " + shard + " holds " + slice.length + " values, its shard owns "
            + (to(shard) - from(shard)));
      }
      System.arraycopy(slice, 0, whole, from(shard), slice.length);
    }
    return whole;
  }

  /** The same for sums kept in double precision. */
  public double[] joinSums(List<double[]> slices) {
    if (slices.stream().allMatch(slice -> slice.length == 0)) {
      return new double[0];
    }
    double[] whole = new double[parameters];
    for (int shard = 0; shard < shards; shard++) {
      double[] slice = slices.get(shard);
      System.arraycopy(slice, 0, whole, from(shard), slice.length);
    }
    return whole;
  }

  /** The part of {@code sums} that {@code shard} owns; empty stays empty. */
  public double[] sliceSums(double[] sums, int shard) {
    if (sums.length == 0) {
      return sums;
    }
    requireWhole(sums.length);
    return Arrays.copyOfRange(sums, from(shard), to(shard));
  }

  /**
   * A worker's contribution cut into one per shard, each with its slice of the parameters and
   * velocity and the whole contribution's finiteness (so every shard rejects the same ones).
   */
  public List<ShardContribution> split(Contribution c) {
    boolean finite = Finite.all(c.parameters()) && Finite.all(c.velocity());
    List<ShardContribution> parts = new ArrayList<>(shards);
    for (int shard = 0; shard < shards; shard++) {
      parts.add(new ShardContribution(shard, finite, new Contribution(c.worker(), c.generation(), c.baseVersion(),
          c.examples(), c.costSum(), c.correct(), c.prequentialCostSum(), c.prequentialCorrect(), c.waitingMillis(),
          c.finished(),
          slice(c.parameters(), shard), slice(c.velocity(), shard))));
    }
    return parts;
  }

  private void requireWhole(int length) {
    if (length != parameters) {
      throw new IllegalArgumentException(length + " values for a network of " + parameters + " parameters");
    }
  }
}
