package streamnet.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense matrix product of a training step, {@code c[r] += Σ_k a[r][k] · b[k]}, written with the
 * Vector API (incubating in JDK 17: only usable when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; {@link KernelChoice#VECTOR_API} tells, and this class
 * must not be loaded otherwise).
 *
 * <p>Register blocking: a block of 4 rows of c by 2 vectors of columns is held in 8 vector
 * registers while k runs over the whole depth, so each step of k loads 2 vectors of b and 4 scalars
 * of a for 8 fused multiply-adds, and c is read and written once per block rather than once per k.
 * Whichever of b and c is larger is walked once, in order, while the other stays in cache: where b
 * is (the weights in the forward pass, 2.5 MB for 784×800) column blocks are the outer loop, so a
 * column strip of b is fetched once for all blocks of rows; where c is (the weight gradients)
 * blocks of rows are the outer loop, so c's rows stream through once.
 *
 * <p>{@link #descend} is the weight-gradient product {@code Xᵀ·Δ} fused with the update: it reads X
 * four columns at a time (no transpose of the whole batch) and applies each block of sums to the weights (and velocities) at once,
 * so the gradient is never stored and each weight is read and written once per step. For 784×800
 * weights (2.5 MB, far more than the 512 KiB L2) that halves the memory traffic of a step.
 */
final class VectorKernels {
  private VectorKernels() {}

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;
  /** 0, 1, ..., LANES − 1: compared with an offset it masks the lanes of a partial block. */
  private static final float[] LANE_INDEX = laneIndex();

  /** How many of the first {@code m} rows' entries are nonzero. */
  static long countNonzero(float[][] rows, int m) {
    long count = 0;
    for (int r = 0; r < m; r++) {
      count += countNonzero(rows[r]);
    }
    return count;
  }

  private static int countNonzero(float[] values) {
    int count = 0;
    int j = 0;
    for (; j <= values.length - LANES; j += LANES) {
      count += FloatVector.fromArray(SPECIES, values, j).compare(VectorOperators.NE, 0f).trueCount();
    }
    for (; j < values.length; j++) {
      count += values[j] != 0f ? 1 : 0;
    }
    return count;
  }

  /** a ← σ(a) = 1/(1 + e^−a) in float, whole vectors with the Vector API's exp; the tail as {@link Activation#SIGMOID}. */
  static void sigmoid(float[] a) {
    int j = 0;
    for (; j <= a.length - LANES; j += LANES) {
      FloatVector z = FloatVector.fromArray(SPECIES, a, j);
      FloatVector one = FloatVector.broadcast(SPECIES, 1f);
      one.div(z.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(a, j);
    }
    for (; j < a.length; j++) {
      a[j] = (float) (1.0 / (1.0 + Math.exp(-a[j])));
    }
  }

  /**
   * {@code c[r][j] += Σ_{k < depth} a[r][k] · b[k][j]} for every r below {@code rows} and j below
   * {@code c[0].length}; rows of b must be at least that long and rows of a at least {@code depth}.
   */
  static void multiplyAdd(float[][] a, int rows, float[][] b, int depth, float[][] c) {
    int width = c[0].length;
    if (width < LANES) {
      multiplyAddNarrow(a, rows, b, depth, c, width);
      return;
    }
    if (depth >= rows) {
      for (int j = 0; j < width; j = columnBlock(a, 0, rows, b, depth, c, j)) {
        for (int r = ROWS; r < rows; r += ROWS) {
          columnBlock(a, r, rows, b, depth, c, j);
        }
      }
    } else {
      for (int r = 0; r < rows; r += ROWS) {
        for (int j = 0; j < width; ) {
          j = columnBlock(a, r, rows, b, depth, c, j);
        }
      }
    }
  }

  /**
   * Adds the products of the four rows from r into the widest column block that starts at j and
   * fits: 2 vectors, 1 vector, or the last vector of the row, overlapping columns already done,
   * of which only lanes from j on are added. Returns the first column after the block.
   */
  private static int columnBlock(
      float[][] a, int r, int rows, float[][] b, int depth, float[][] c, int j) {
    int width = c[0].length;
    float[] a0 = a[r], a1 = a[row(r + 1, rows)], a2 = a[row(r + 2, rows)], a3 = a[row(r + 3, rows)];
    float[] c0 = c[r], c1 = c[row(r + 1, rows)], c2 = c[row(r + 2, rows)], c3 = c[row(r + 3, rows)];
    if (j + 2 * LANES <= width) {
      twoVectors(a0, a1, a2, a3, b, depth, j, c0, c1, c2, c3);
      return j + 2 * LANES;
    }
    if (j + LANES <= width) {
      oneVector(a0, a1, a2, a3, b, depth, j, c0, c1, c2, c3);
      return j + LANES;
    }
    int start = width - LANES;
    VectorMask<Float> fresh =
        FloatVector.fromArray(SPECIES, LANE_INDEX, 0).compare(VectorOperators.GE, j - start);
    lastVector(a0, a1, a2, a3, b, depth, start, fresh, c0, c1, c2, c3);
    return width;
  }

  /**
   * Row r of a block, or the last row where the block runs past it: that row is then computed
   * more than once, each time from the same values to the same sums, so storing it again changes
   * nothing, and every block keeps the four-row kernel.
   */
  private static int row(int r, int rows) {
    return Math.min(r, rows - 1);
  }

  private static void twoVectors(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b,
      int depth, int j, float[] c0, float[] c1, float[] c2, float[] c3) {
    int j1 = j + LANES;
    FloatVector s0 = FloatVector.fromArray(SPECIES, c0, j), t0 = FloatVector.fromArray(SPECIES, c0, j1);
    FloatVector s1 = FloatVector.fromArray(SPECIES, c1, j), t1 = FloatVector.fromArray(SPECIES, c1, j1);
    FloatVector s2 = FloatVector.fromArray(SPECIES, c2, j), t2 = FloatVector.fromArray(SPECIES, c2, j1);
    FloatVector s3 = FloatVector.fromArray(SPECIES, c3, j), t3 = FloatVector.fromArray(SPECIES, c3, j1);
    for (int k = 0; k < depth; k++) {
      float[] bk = b[k];
      FloatVector u = FloatVector.fromArray(SPECIES, bk, j);
      FloatVector v = FloatVector.fromArray(SPECIES, bk, j1);
      FloatVector x = FloatVector.broadcast(SPECIES, a0[k]);
      s0 = u.fma(x, s0);
      t0 = v.fma(x, t0);
      x = FloatVector.broadcast(SPECIES, a1[k]);
      s1 = u.fma(x, s1);
      t1 = v.fma(x, t1);
      x = FloatVector.broadcast(SPECIES, a2[k]);
      s2 = u.fma(x, s2);
      t2 = v.fma(x, t2);
      x = FloatVector.broadcast(SPECIES, a3[k]);
      s3 = u.fma(x, s3);
      t3 = v.fma(x, t3);
    }
    s0.intoArray(c0, j);
    t0.intoArray(c0, j1);
    s1.intoArray(c1, j);
    t1.intoArray(c1, j1);
    s2.intoArray(c2, j);
    t2.intoArray(c2, j1);
    s3.intoArray(c3, j);
    t3.intoArray(c3, j1);
  }

  private static void oneVector(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b,
      int depth, int j, float[] c0, float[] c1, float[] c2, float[] c3) {
    FloatVector s0 = FloatVector.fromArray(SPECIES, c0, j);
    FloatVector s1 = FloatVector.fromArray(SPECIES, c1, j);
    FloatVector s2 = FloatVector.fromArray(SPECIES, c2, j);
    FloatVector s3 = FloatVector.fromArray(SPECIES, c3, j);
    for (int k = 0; k < depth; k++) {
      FloatVector u = FloatVector.fromArray(SPECIES, b[k], j);
      s0 = u.fma(FloatVector.broadcast(SPECIES, a0[k]), s0);
      s1 = u.fma(FloatVector.broadcast(SPECIES, a1[k]), s1);
      s2 = u.fma(FloatVector.broadcast(SPECIES, a2[k]), s2);
      s3 = u.fma(FloatVector.broadcast(SPECIES, a3[k]), s3);
    }
    s0.intoArray(c0, j);
    s1.intoArray(c1, j);
    s2.intoArray(c2, j);
    s3.intoArray(c3, j);
  }

  /** Like {@link #oneVector} from 0, then adds only the {@code fresh} lanes to c. */
  private static void lastVector(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b,
      int depth, int j, VectorMask<Float> fresh, float[] c0, float[] c1, float[] c2, float[] c3) {
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector s0 = zero, s1 = zero, s2 = zero, s3 = zero;
    for (int k = 0; k < depth; k++) {
      FloatVector u = FloatVector.fromArray(SPECIES, b[k], j);
      s0 = u.fma(FloatVector.broadcast(SPECIES, a0[k]), s0);
      s1 = u.fma(FloatVector.broadcast(SPECIES, a1[k]), s1);
      s2 = u.fma(FloatVector.broadcast(SPECIES, a2[k]), s2);
      s3 = u.fma(FloatVector.broadcast(SPECIES, a3[k]), s3);
    }
    // All four rows are read before any is written: a repeated last row must not be added twice.
    FloatVector d0 = FloatVector.fromArray(SPECIES, c0, j).add(zero.blend(s0, fresh));
    FloatVector d1 = FloatVector.fromArray(SPECIES, c1, j).add(zero.blend(s1, fresh));
    FloatVector d2 = FloatVector.fromArray(SPECIES, c2, j).add(zero.blend(s2, fresh));
    FloatVector d3 = FloatVector.fromArray(SPECIES, c3, j).add(zero.blend(s3, fresh));
    d0.intoArray(c0, j);
    d1.intoArray(c1, j);
    d2.intoArray(c2, j);
    d3.intoArray(c3, j);
  }

  /**
   * One descent step of a layer's weights {@code w[in][out]} on a batch of {@code m} examples:
   * with the summed gradient {@code g[i][j] = Σ_{e < m} x[e][i] · delta[e][j]}, applies
   * {@code step} to w and to the velocities v (null for plain SGD), as {@link Updates.Step#apply}
   * would, without storing g. Rows of x must be at least {@code w.length} long.
   */
  static void descend(Updates.Step step, float[][] x, int m, float[][] delta, float[][] w, float[][] v) {
    int width = w[0].length;
    if (width < LANES) {
      descendNarrow(step, x, m, delta, w, v);
      return;
    }
    // The four rows' inputs over the batch, copied out of X once per block of rows, so the
    // innermost loops read them in order from four fixed arrays (as from a transpose of X, but
    // only 4·m floats at a time, in L1).
    float[][] strip = new float[ROWS][m];
    // One block's sums, row by row: vectors are passed between methods only through arrays, as
    // a vector argument of a method the JIT does not inline would be boxed on every call.
    float[] sums = new float[ROWS * 2 * LANES];
    for (int i = 0; i < w.length; i += ROWS) {
      copyStrip(x, m, i, w.length, strip);
      for (int j = 0; j < width; ) {
        j = descendBlock(step, strip, m, delta, w, v, i, j, sums);
      }
    }
  }

  /** {@code strip[r][e] = x[e][i + r]} for the four rows from i (the last row again past the end). */
  private static void copyStrip(float[][] x, int m, int i, int rows, float[][] strip) {
    int i1 = row(i + 1, rows), i2 = row(i + 2, rows), i3 = row(i + 3, rows);
    float[] x0 = strip[0], x1 = strip[1], x2 = strip[2], x3 = strip[3];
    for (int e = 0; e < m; e++) {
      float[] xe = x[e];
      x0[e] = xe[i];
      x1[e] = xe[i1];
      x2[e] = xe[i2];
      x3[e] = xe[i3];
    }
  }

  /**
   * The step for the rows of w from i (four, or fewer at the end) in the widest column block from
   * j that fits, as {@link #columnBlock} chooses them. Returns the first column after the block.
   */
  private static int descendBlock(Updates.Step step, float[][] strip, int m, float[][] delta,
      float[][] w, float[][] v, int i, int j, float[] sums) {
    int width = w[0].length;
    int rows = w.length;
    int vectors;
    int start;
    if (j + 2 * LANES <= width) {
      twoVectorSums(strip[0], strip[1], strip[2], strip[3], m, delta, j, sums);
      vectors = 2;
      start = j;
    } else {
      start = Math.min(j, width - LANES);
      oneVectorSums(strip[0], strip[1], strip[2], strip[3], m, delta, start, sums);
      vectors = 1;
    }
    // A block past the last row repeats that row with the same sums: it is stepped once.
    for (int r = 0; r < Math.min(ROWS, rows - i); r++) {
      float[] vr = v == null ? null : v[i + r];
      for (int k = 0; k < vectors; k++) {
        int column = start + k * LANES;
        stepVector(step, sums, (r * 2 + k) * LANES, w[i + r], vr, column, j - column);
      }
    }
    return start + vectors * LANES;
  }

  /** Σ_e x_r[e] · delta[e][j .. j + 2·LANES) for the four rows, into sums (2 vectors per row). */
  private static void twoVectorSums(float[] x0, float[] x1, float[] x2, float[] x3, int m,
      float[][] delta, int j, float[] sums) {
    int j1 = j + LANES;
    // Vectors are made here, not held in static fields: the JIT keeps only locally made ones in registers.
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector s0 = zero, t0 = zero, s1 = zero, t1 = zero, s2 = zero, t2 = zero, s3 = zero, t3 = zero;
    for (int e = 0; e < m; e++) {
      float[] de = delta[e];
      FloatVector u = FloatVector.fromArray(SPECIES, de, j);
      FloatVector y = FloatVector.fromArray(SPECIES, de, j1);
      FloatVector a = FloatVector.broadcast(SPECIES, x0[e]);
      s0 = u.fma(a, s0);
      t0 = y.fma(a, t0);
      a = FloatVector.broadcast(SPECIES, x1[e]);
      s1 = u.fma(a, s1);
      t1 = y.fma(a, t1);
      a = FloatVector.broadcast(SPECIES, x2[e]);
      s2 = u.fma(a, s2);
      t2 = y.fma(a, t2);
      a = FloatVector.broadcast(SPECIES, x3[e]);
      s3 = u.fma(a, s3);
      t3 = y.fma(a, t3);
    }
    s0.intoArray(sums, 0);
    t0.intoArray(sums, LANES);
    s1.intoArray(sums, 2 * LANES);
    t1.intoArray(sums, 3 * LANES);
    s2.intoArray(sums, 4 * LANES);
    t2.intoArray(sums, 5 * LANES);
    s3.intoArray(sums, 6 * LANES);
    t3.intoArray(sums, 7 * LANES);
  }

  /** As {@link #twoVectorSums} for one vector of columns from j (row r's sums at 2·r·LANES). */
  private static void oneVectorSums(float[] x0, float[] x1, float[] x2, float[] x3, int m,
      float[][] delta, int j, float[] sums) {
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector s0 = zero, s1 = zero, s2 = zero, s3 = zero;
    for (int e = 0; e < m; e++) {
      FloatVector u = FloatVector.fromArray(SPECIES, delta[e], j);
      s0 = u.fma(FloatVector.broadcast(SPECIES, x0[e]), s0);
      s1 = u.fma(FloatVector.broadcast(SPECIES, x1[e]), s1);
      s2 = u.fma(FloatVector.broadcast(SPECIES, x2[e]), s2);
      s3 = u.fma(FloatVector.broadcast(SPECIES, x3[e]), s3);
    }
    s0.intoArray(sums, 0);
    s1.intoArray(sums, 2 * LANES);
    s2.intoArray(sums, 4 * LANES);
    s3.intoArray(sums, 6 * LANES);
  }

  /**
   * The update of one vector of w (and v) from column j, with the batch's summed gradients at
   * {@code sums[offset ..]}: gradient γ = g/m + λ/n·w (L2) or + λ/n·sgn w (L1); plain SGD
   * w ← w − η γ; momentum v ← μ v − η γ, w ← w + v. Lanes below {@code firstLane} (columns an
   * earlier block already stepped) keep their values.
   */
  private static void stepVector(Updates.Step step, float[] sums, int offset, float[] w, float[] v,
      int j, int firstLane) {
    FloatVector weights = FloatVector.fromArray(SPECIES, w, j);
    FloatVector gradient = FloatVector.fromArray(SPECIES, sums, offset).mul(step.invM());
    if (step.regularization() == Regularization.L2) {
      gradient = weights.fma(broadcast(step.lambdaOverN()), gradient);
    } else if (step.regularization() == Regularization.L1) {
      gradient = signum(weights).fma(broadcast(step.lambdaOverN()), gradient);
    }
    FloatVector next;
    if (v == null) {
      next = gradient.fma(broadcast(-step.eta()), weights);
    } else {
      FloatVector velocity = FloatVector.fromArray(SPECIES, v, j);
      FloatVector nextVelocity = gradient.fma(broadcast(-step.eta()), velocity.mul(step.mu()));
      next = weights.add(nextVelocity);
      if (firstLane > 0) {
        nextVelocity = velocity.blend(nextVelocity, fresh(firstLane));
      }
      nextVelocity.intoArray(v, j);
    }
    if (firstLane > 0) {
      next = weights.blend(next, fresh(firstLane));
    }
    next.intoArray(w, j);
  }

  /** The lanes from {@code firstLane} on. */
  private static VectorMask<Float> fresh(int firstLane) {
    return FloatVector.fromArray(SPECIES, LANE_INDEX, 0).compare(VectorOperators.GE, firstLane);
  }

  private static FloatVector broadcast(float value) {
    return FloatVector.broadcast(SPECIES, value);
  }

  private static FloatVector signum(FloatVector values) {
    FloatVector zero = FloatVector.zero(SPECIES);
    return zero.blend(1f, values.compare(VectorOperators.GT, 0f))
        .blend(-1f, values.compare(VectorOperators.LT, 0f));
  }

  /** {@link #descend} for rows narrower than one vector (small test networks): plain loops. */
  private static void descendNarrow(
      Updates.Step step, float[][] x, int m, float[][] delta, float[][] w, float[][] v) {
    float[] g = new float[w[0].length];
    for (int i = 0; i < w.length; i++) {
      for (int e = 0; e < m; e++) {
        float s = x[e][i];
        float[] de = delta[e];
        for (int j = 0; j < g.length; j++) {
          g[j] = Math.fma(s, de[j], g[j]);
        }
      }
      step.apply(w[i], g, v == null ? null : v[i]);
    }
  }

  /** Rows narrower than one vector (small test networks): plain loops. */
  private static void multiplyAddNarrow(
      float[][] a, int rows, float[][] b, int depth, float[][] c, int width) {
    for (int r = 0; r < rows; r++) {
      float[] ar = a[r];
      float[] cr = c[r];
      for (int k = 0; k < depth; k++) {
        float s = ar[k];
        float[] bk = b[k];
        for (int j = 0; j < width; j++) {
          cr[j] = Math.fma(s, bk[j], cr[j]);
        }
      }
    }
  }

  private static float[] laneIndex() {
    float[] index = new float[LANES];
    for (int lane = 0; lane < LANES; lane++) {
      index[lane] = lane;
    }
    return index;
  }
}
