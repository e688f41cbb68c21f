package streamnet.network;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Scratch candidates for C[r] += sum_k A[r][k] * B[k] (r < rows, k < depth, rows of C as long as rows of B). */
final class KernelCandidates {
  private KernelCandidates() {}

  /** Plain Java, 4 rows of C x 4 rows of B per pass over j (auto-vectorized). */
  static void plain4x4(float[][] a, int rows, float[][] b, int depth, float[][] c) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      float[] a0 = a[r], a1 = a[r + 1], a2 = a[r + 2], a3 = a[r + 3];
      float[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3];
      int k = 0;
      for (; k + 4 <= depth; k += 4) {
        float[] b0 = b[k], b1 = b[k + 1], b2 = b[k + 2], b3 = b[k + 3];
        float s00 = a0[k], s01 = a0[k + 1], s02 = a0[k + 2], s03 = a0[k + 3];
        float s10 = a1[k], s11 = a1[k + 1], s12 = a1[k + 2], s13 = a1[k + 3];
        float s20 = a2[k], s21 = a2[k + 1], s22 = a2[k + 2], s23 = a2[k + 3];
        float s30 = a3[k], s31 = a3[k + 1], s32 = a3[k + 2], s33 = a3[k + 3];
        for (int j = 0; j < c0.length; j++) {
          float v0 = b0[j], v1 = b1[j], v2 = b2[j], v3 = b3[j];
          c0[j] = c0[j] + s00 * v0 + s01 * v1 + s02 * v2 + s03 * v3;
          c1[j] = c1[j] + s10 * v0 + s11 * v1 + s12 * v2 + s13 * v3;
          c2[j] = c2[j] + s20 * v0 + s21 * v1 + s22 * v2 + s23 * v3;
          c3[j] = c3[j] + s30 * v0 + s31 * v1 + s32 * v2 + s33 * v3;
        }
      }
      for (; k < depth; k++) {
        float[] b0 = b[k];
        float s0 = a0[k], s1 = a1[k], s2 = a2[k], s3 = a3[k];
        for (int j = 0; j < c0.length; j++) {
          float v = b0[j];
          c0[j] += s0 * v;
          c1[j] += s1 * v;
          c2[j] += s2 * v;
          c3[j] += s3 * v;
        }
      }
    }
    for (; r < rows; r++) {
      float[] ar = a[r], cr = c[r];
      for (int k = 0; k < depth; k++) {
        float s = ar[k];
        float[] bk = b[k];
        for (int j = 0; j < cr.length; j++) {
          cr[j] += s * bk[j];
        }
      }
    }
  }

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
  private static final int L = 8;

  /** Vector API, 4 rows of C x 2 vectors of j held in registers over all of k; tails plain. */
  static void vector4x2(float[][] a, int rows, float[][] b, int depth, float[][] c) {
    int n = c[0].length;
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      float[] a0 = a[r], a1 = a[r + 1], a2 = a[r + 2], a3 = a[r + 3];
      float[] c0 = c[r], c1 = c[r + 1], c2 = c[r + 2], c3 = c[r + 3];
      int j = 0;
      for (; j + 2 * L <= n; j += 2 * L) {
        block4x2(a0, a1, a2, a3, b, depth, j, c0, c1, c2, c3);
      }
      for (; j + L <= n; j += L) {
        block4x1(a0, a1, a2, a3, b, depth, j, c0, c1, c2, c3);
      }
      for (; j < n; j++) {
        column4(a0, a1, a2, a3, b, depth, j, c0, c1, c2, c3);
      }
    }
    for (; r < rows; r++) {
      float[] ar = a[r], cr = c[r];
      int j = 0;
      for (; j + L <= n; j += L) {
        block1x1(ar, b, depth, j, cr);
      }
      for (; j < n; j++) {
        float t = cr[j];
        for (int k = 0; k < depth; k++) {
          t = Math.fma(ar[k], b[k][j], t);
        }
        cr[j] = t;
      }
    }
  }

  private static void block4x2(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b, int depth, int j,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    FloatVector x0 = FloatVector.fromArray(S, c0, j), y0 = FloatVector.fromArray(S, c0, j + L);
    FloatVector x1 = FloatVector.fromArray(S, c1, j), y1 = FloatVector.fromArray(S, c1, j + L);
    FloatVector x2 = FloatVector.fromArray(S, c2, j), y2 = FloatVector.fromArray(S, c2, j + L);
    FloatVector x3 = FloatVector.fromArray(S, c3, j), y3 = FloatVector.fromArray(S, c3, j + L);
    for (int k = 0; k < depth; k++) {
      float[] bk = b[k];
      FloatVector u = FloatVector.fromArray(S, bk, j), v = FloatVector.fromArray(S, bk, j + L);
      FloatVector s = FloatVector.broadcast(S, a0[k]);
      x0 = u.fma(s, x0); y0 = v.fma(s, y0);
      s = FloatVector.broadcast(S, a1[k]);
      x1 = u.fma(s, x1); y1 = v.fma(s, y1);
      s = FloatVector.broadcast(S, a2[k]);
      x2 = u.fma(s, x2); y2 = v.fma(s, y2);
      s = FloatVector.broadcast(S, a3[k]);
      x3 = u.fma(s, x3); y3 = v.fma(s, y3);
    }
    x0.intoArray(c0, j); y0.intoArray(c0, j + L);
    x1.intoArray(c1, j); y1.intoArray(c1, j + L);
    x2.intoArray(c2, j); y2.intoArray(c2, j + L);
    x3.intoArray(c3, j); y3.intoArray(c3, j + L);
  }

  private static void block4x1(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b, int depth, int j,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    FloatVector x0 = FloatVector.fromArray(S, c0, j);
    FloatVector x1 = FloatVector.fromArray(S, c1, j);
    FloatVector x2 = FloatVector.fromArray(S, c2, j);
    FloatVector x3 = FloatVector.fromArray(S, c3, j);
    for (int k = 0; k < depth; k++) {
      FloatVector u = FloatVector.fromArray(S, b[k], j);
      x0 = u.fma(FloatVector.broadcast(S, a0[k]), x0);
      x1 = u.fma(FloatVector.broadcast(S, a1[k]), x1);
      x2 = u.fma(FloatVector.broadcast(S, a2[k]), x2);
      x3 = u.fma(FloatVector.broadcast(S, a3[k]), x3);
    }
    x0.intoArray(c0, j); x1.intoArray(c1, j); x2.intoArray(c2, j); x3.intoArray(c3, j);
  }

  private static void column4(float[] a0, float[] a1, float[] a2, float[] a3, float[][] b, int depth, int j,
      float[] c0, float[] c1, float[] c2, float[] c3) {
    float t0 = c0[j], t1 = c1[j], t2 = c2[j], t3 = c3[j];
    for (int k = 0; k < depth; k++) {
      float v = b[k][j];
      t0 = Math.fma(a0[k], v, t0); t1 = Math.fma(a1[k], v, t1);
      t2 = Math.fma(a2[k], v, t2); t3 = Math.fma(a3[k], v, t3);
    }
    c0[j] = t0; c1[j] = t1; c2[j] = t2; c3[j] = t3;
  }

  private static void block1x1(float[] a, float[][] b, int depth, int j, float[] c) {
    FloatVector x = FloatVector.fromArray(S, c, j);
    for (int k = 0; k < depth; k++) {
      x = FloatVector.fromArray(S, b[k], j).fma(FloatVector.broadcast(S, a[k]), x);
    }
    x.intoArray(c, j);
  }
}
