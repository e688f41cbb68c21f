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
 * four columns at a time (no transpose of the whole batch), sums four rows of gradients into a
 * panel that stays in L1 and steps those four rows of weights (and velocities) in one sequential
 * pass, so the gradient matrix is never stored and each weight is read and written once per step.
 * For 784×800 weights (2.5 MB, far more than the 512 KiB L2) that halves the memory traffic of a
 * step. Stepping each block of 4 rows × 2 vectors right after its sums instead was measured slower
 * (docs/performance.md): at 784×800 and 100 examples the stepping then cost about a third of the
 * product's time, likely because each block's loads of weights from memory wait alone.
 */
final class VectorKernels {
  private VectorKernels() {}

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;
  /** 0, 1, ..., LANES − 1: compared with an offset it masks the lanes of a partial block. */
  private static final float[] LANE_INDEX = laneIndex();

  /**
   * How many of the first {@code m} rows' entries are nonzero, counted row by row and stopping
   * after the row that brings the count to {@code enough}: a dense batch is known to be dense
   * after a third of its rows.
   */
  static long countNonzero(float[][] rows, int m, long enough) {
    long count = 0;
    for (int r = 0; r < m && count < enough; r++) {
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

  /**
   * a ← σ(a) = 1/(1 + e^−a) in float, in whole vectors with the Vector API's exp. A row that ends
   * in a partial vector ends with the row's last whole vector, overlapping the one before: it is
   * computed from a before anything is stored, so the overlapping lanes get the same floats twice
   * (the 6-lane tail of a 30-wide row in double {@code Math.exp} took half the time of σ). Rows
   * shorter than one vector take {@link Activation#SIGMOID}'s formula.
   */
  static void sigmoid(float[] a) {
    if (a.length < LANES) {
      for (int j = 0; j < a.length; j++) {
        a[j] = (float) (1.0 / (1.0 + Math.exp(-a[j])));
      }
      return;
    }
    int last = a.length - LANES;
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector end = sigmoid(FloatVector.fromArray(SPECIES, a, last), one);
    for (int j = 0; j < last; j += LANES) {
      sigmoid(FloatVector.fromArray(SPECIES, a, j), one).intoArray(a, j);
    }
    end.intoArray(a, last);
  }

  private static FloatVector sigmoid(FloatVector z, FloatVector one) {
    return one.div(z.neg().lanewise(VectorOperators.EXP).add(one));
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
    if (inWholeRows(width)) {
      for (int r = 0; r < rows; r += 2) {
        wholeRows(a, r, rows, b, depth, c);
      }
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

  /** Whether rows of c this wide take {@link #wholeRows}: more than three vectors, at most four. */
  private static boolean inWholeRows(int width) {
    return width > 3 * LANES && width <= 4 * LANES;
  }

  /**
   * Adds the products of the two rows from r into those rows of c when a row is three to four
   * vectors wide (30 hidden neurons in 8-lane vectors): the two whole rows are 8 accumulators, so
   * each k loads the row of b once for 8 independent multiply-adds, where four-row blocks of two
   * vectors, one vector and a last vector take three passes over k, two of them with only four
   * chains of multiply-adds to hide the latency of each. The fourth vector ends at the row's end,
   * overlapping the third, and adds only its lanes past the third (as {@link #lastVector}).
   */
  private static void wholeRows(float[][] a, int r, int rows, float[][] b, int depth, float[][] c) {
    int j1 = LANES, j2 = 2 * LANES, last = c[0].length - LANES;
    float[] a0 = a[r], a1 = a[row(r + 1, rows)];
    float[] c0 = c[r], c1 = c[row(r + 1, rows)];
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector s0 = FloatVector.fromArray(SPECIES, c0, 0), s1 = FloatVector.fromArray(SPECIES, c0, j1);
    FloatVector s2 = FloatVector.fromArray(SPECIES, c0, j2), s3 = zero;
    FloatVector t0 = FloatVector.fromArray(SPECIES, c1, 0), t1 = FloatVector.fromArray(SPECIES, c1, j1);
    FloatVector t2 = FloatVector.fromArray(SPECIES, c1, j2), t3 = zero;
    for (int k = 0; k < depth; k++) {
      float[] bk = b[k];
      FloatVector u0 = FloatVector.fromArray(SPECIES, bk, 0), u1 = FloatVector.fromArray(SPECIES, bk, j1);
      FloatVector u2 = FloatVector.fromArray(SPECIES, bk, j2), u3 = FloatVector.fromArray(SPECIES, bk, last);
      FloatVector x = FloatVector.broadcast(SPECIES, a0[k]);
      s0 = u0.fma(x, s0);
      s1 = u1.fma(x, s1);
      s2 = u2.fma(x, s2);
      s3 = u3.fma(x, s3);
      FloatVector y = FloatVector.broadcast(SPECIES, a1[k]);
      t0 = u0.fma(y, t0);
      t1 = u1.fma(y, t1);
      t2 = u2.fma(y, t2);
      t3 = u3.fma(y, t3);
    }
    s0.intoArray(c0, 0);
    s1.intoArray(c0, j1);
    s2.intoArray(c0, j2);
    t0.intoArray(c1, 0);
    t1.intoArray(c1, j1);
    t2.intoArray(c1, j2);
    // The third vectors are stored, so the overlap holds its sums; both rows are read before
    // either is written, so a repeated last row is not added to twice.
    VectorMask<Float> fresh = FloatVector.fromArray(SPECIES, LANE_INDEX, 0).compare(VectorOperators.GE, j2 + LANES - last);
    FloatVector d0 = FloatVector.fromArray(SPECIES, c0, last).add(zero.blend(s3, fresh));
    FloatVector d1 = FloatVector.fromArray(SPECIES, c1, last).add(zero.blend(t3, fresh));
    d0.intoArray(c0, last);
    d1.intoArray(c1, last);
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
   * does, without storing g. Rows three to four vectors wide (under L2 or no regularization) are
   * summed two at a time in registers and stepped from there ({@link #stepWholeRows}); other rows
   * four at a time into a panel that stays in L1, then those four rows of w are stepped. Rows of x
   * must be at least {@code w.length} long.
   */
  static void descend(Updates.Step step, float[][] x, int m, float[][] delta, float[][] w, float[][] v) {
    int width = w[0].length;
    if (width < LANES) {
      descendNarrow(step, x, m, delta, w, v);
      return;
    }
    if (inWholeRows(width) && step.regularization() != Regularization.L1) {
      for (int i = 0; i < w.length; i += 2) {
        boolean pair = i + 1 < w.length;
        stepWholeRows(step, x, i, pair ? i + 1 : i, delta, m, w[i], pair ? w[i + 1] : null,
            v == null ? null : v[i], v == null || !pair ? null : v[i + 1]);
      }
      return;
    }
    // The four rows' inputs over the batch, copied out of X once per block of rows, so the
    // innermost loops read them in order from four fixed arrays (as from a transpose of X, but
    // only 4·m floats at a time, in L1).
    float[][] strip = new float[ROWS][m];
    // The four rows' gradients, which Step.apply clears again.
    float[][] panel = new float[ROWS][width];
    for (int i = 0; i < w.length; i += ROWS) {
      int rows = Math.min(ROWS, w.length - i);
      copyStrip(x, m, i, w.length, strip);
      if (inWholeRows(width)) {
        wholeRows(strip, 0, rows, delta, m, panel);
        if (rows > 2) {
          wholeRows(strip, 2, rows, delta, m, panel);
        }
      } else {
        for (int j = 0; j < width; ) {
          j = columnBlock(strip, 0, rows, delta, m, panel, j);
        }
      }
      for (int r = 0; r < rows; r++) {
        apply(step, w[i + r], panel[r], v == null ? null : v[i + r]);
      }
    }
  }

  /**
   * {@link #descend} of rows i0 and i1 of w (w1 null when w0 is the last row) three to four
   * vectors wide under the L2 and unregularized rules: their gradients are summed over the batch
   * into 8 accumulators, as in {@link #wholeRows}, reading the inputs straight from x (a copied
   * strip of them cost a quarter of the product's time at 784×30 and mini-batch 10), and the rows
   * are stepped from those registers, so the gradients are never stored and no lane takes the
   * scalar rule. The fourth vector ends at the row's end and overlaps the third; every vector is
   * loaded before any is stored, so the overlapping lanes get the same floats twice. Same
   * operations in the same order as {@link Updates.Step#apply} on the summed gradient, so the same
   * floats.
   */
  private static void stepWholeRows(Updates.Step step, float[][] x, int i0, int i1, float[][] delta, int m,
      float[] w0, float[] w1, float[] v0, float[] v1) {
    int j1 = LANES, j2 = 2 * LANES, last = w0.length - LANES;
    FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
    FloatVector t0 = s0, t1 = s0, t2 = s0, t3 = s0;
    for (int e = 0; e < m; e++) {
      float[] de = delta[e];
      float[] xe = x[e];
      FloatVector u0 = FloatVector.fromArray(SPECIES, de, 0), u1 = FloatVector.fromArray(SPECIES, de, j1);
      FloatVector u2 = FloatVector.fromArray(SPECIES, de, j2), u3 = FloatVector.fromArray(SPECIES, de, last);
      FloatVector a = FloatVector.broadcast(SPECIES, xe[i0]);
      s0 = u0.fma(a, s0);
      s1 = u1.fma(a, s1);
      s2 = u2.fma(a, s2);
      s3 = u3.fma(a, s3);
      FloatVector y = FloatVector.broadcast(SPECIES, xe[i1]);
      t0 = u0.fma(y, t0);
      t1 = u1.fma(y, t1);
      t2 = u2.fma(y, t2);
      t3 = u3.fma(y, t3);
    }
    float lambdaOverN = step.regularization() == Regularization.L2 ? step.lambdaOverN() : 0f;
    if (v0 == null) {
      float rate = step.eta() * step.invM();
      float decay = 1f - step.eta() * lambdaOverN;
      descendRow(w0, last, rate, decay, s0, s1, s2, s3);
      if (w1 != null) {
        descendRow(w1, last, rate, decay, t0, t1, t2, t3);
      }
    } else {
      descendRowWithMomentum(step, lambdaOverN, w0, v0, last, s0, s1, s2, s3);
      if (w1 != null) {
        descendRowWithMomentum(step, lambdaOverN, w1, v1, last, t0, t1, t2, t3);
      }
    }
  }

  /** w ← decay · w − rate · g for a row whose gradient is g0..g3 (g3 at {@code last}). */
  private static void descendRow(float[] w, int last, float rate, float decay,
      FloatVector g0, FloatVector g1, FloatVector g2, FloatVector g3) {
    FloatVector w0 = FloatVector.fromArray(SPECIES, w, 0).mul(decay).sub(g0.mul(rate));
    FloatVector w1 = FloatVector.fromArray(SPECIES, w, LANES).mul(decay).sub(g1.mul(rate));
    FloatVector w2 = FloatVector.fromArray(SPECIES, w, 2 * LANES).mul(decay).sub(g2.mul(rate));
    FloatVector w3 = FloatVector.fromArray(SPECIES, w, last).mul(decay).sub(g3.mul(rate));
    w0.intoArray(w, 0);
    w1.intoArray(w, LANES);
    w2.intoArray(w, 2 * LANES);
    w3.intoArray(w, last);
  }

  /** v ← μ v − η (g/m + λ/n · w); w ← w + v for a row whose gradient is g0..g3 (g3 at {@code last}). */
  private static void descendRowWithMomentum(Updates.Step step, float lambdaOverN, float[] w, float[] v, int last,
      FloatVector g0, FloatVector g1, FloatVector g2, FloatVector g3) {
    float eta = step.eta(), invM = step.invM(), mu = step.mu();
    FloatVector w0 = FloatVector.fromArray(SPECIES, w, 0), w1 = FloatVector.fromArray(SPECIES, w, LANES);
    FloatVector w2 = FloatVector.fromArray(SPECIES, w, 2 * LANES), w3 = FloatVector.fromArray(SPECIES, w, last);
    FloatVector v0 = FloatVector.fromArray(SPECIES, v, 0).mul(mu).sub(g0.mul(invM).add(w0.mul(lambdaOverN)).mul(eta));
    FloatVector v1 = FloatVector.fromArray(SPECIES, v, LANES).mul(mu).sub(g1.mul(invM).add(w1.mul(lambdaOverN)).mul(eta));
    FloatVector v2 = FloatVector.fromArray(SPECIES, v, 2 * LANES).mul(mu).sub(g2.mul(invM).add(w2.mul(lambdaOverN)).mul(eta));
    FloatVector v3 = FloatVector.fromArray(SPECIES, v, last).mul(mu).sub(g3.mul(invM).add(w3.mul(lambdaOverN)).mul(eta));
    v0.intoArray(v, 0);
    v1.intoArray(v, LANES);
    v2.intoArray(v, 2 * LANES);
    v3.intoArray(v, last);
    w0.add(v0).intoArray(w, 0);
    w1.add(v1).intoArray(w, LANES);
    w2.add(v2).intoArray(w, 2 * LANES);
    w3.add(v3).intoArray(w, last);
  }

  /**
   * {@link Updates.Step#apply}, in whole vectors for rows shorter than four vectors under the L2
   * and unregularized rules: the JIT vectorizes the scalar rule's loop only in unrolled blocks of
   * four vectors, so such rows ran it lane by lane: for 30-wide rows about a third of the step's
   * time at [784,30,10] and mini-batch 10 (docs/performance.md). Those rows now take
   * {@link #stepWholeRows}; the rows left here are one to three vectors wide, such as ten outputs.
   * Longer rows and L1 keep the scalar rule. Same operations in the same order as the scalar rule,
   * so the same floats; the lanes past the last whole vector take the scalar rule.
   */
  private static void apply(Updates.Step step, float[] w, float[] g, float[] v) {
    if (step.regularization() == Regularization.L1 || w.length >= 4 * LANES) {
      step.apply(w, g, v);
      return;
    }
    float lambdaOverN = step.regularization() == Regularization.L2 ? step.lambdaOverN() : 0f;
    int whole = w.length - w.length % LANES;
    FloatVector zero = FloatVector.zero(SPECIES);
    if (v == null) {
      float rate = step.eta() * step.invM();
      float decay = 1f - step.eta() * lambdaOverN;
      for (int j = 0; j < whole; j += LANES) {
        FloatVector wj = FloatVector.fromArray(SPECIES, w, j).mul(decay);
        wj.sub(FloatVector.fromArray(SPECIES, g, j).mul(rate)).intoArray(w, j);
        zero.intoArray(g, j);
      }
    } else {
      float eta = step.eta(), invM = step.invM(), mu = step.mu();
      for (int j = 0; j < whole; j += LANES) {
        FloatVector wj = FloatVector.fromArray(SPECIES, w, j);
        FloatVector pull = FloatVector.fromArray(SPECIES, g, j).mul(invM).add(wj.mul(lambdaOverN)).mul(eta);
        FloatVector vj = FloatVector.fromArray(SPECIES, v, j).mul(mu).sub(pull);
        vj.intoArray(v, j);
        wj.add(vj).intoArray(w, j);
        zero.intoArray(g, j);
      }
    }
    Updates.applyFrom(step, w, g, v, whole);
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
