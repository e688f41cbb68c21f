package streamnet.network;

/**
 * Which kernels a {@link MiniBatchTrainer} multiplies a layer's inputs with, decided per layer and
 * mini-batch: the zero-skipping row loops of {@link Kernels}, whose work shrinks with the share of
 * nonzero inputs, or the register-blocked products of {@link VectorKernels}, which do every
 * multiplication but several times faster per multiplication.
 */
enum KernelChoice {
  /** Always the row loops. */
  SPARSE,
  /** Always the Vector API products (only where {@link #VECTOR_API} holds). */
  DENSE,
  /**
   * The Vector API products for a layer whose inputs in the mini-batch are at least
   * {@link #DENSE_FROM} nonzero, the row loops otherwise; the row loops throughout without the
   * Vector API.
   */
  BY_DENSITY;

  /**
   * Share of nonzero inputs from which the dense products are faster. On the 784-input layer
   * ({@code LayerKernelCpuTime}, docs/performance.md) the row loops won at 20 % nonzero (MNIST has
   * 19 %), the two were within 10 % of each other at 30 %, and the dense products won at 40 % and
   * above, for 30 and 100 hidden neurons at mini-batch 10 and 100.
   */
  static final double DENSE_FROM = 0.35;

  /** Whether this JVM runs with {@code --add-modules jdk.incubator.vector}. */
  static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /** The choice a trainer makes unless told otherwise. */
  static KernelChoice standard() {
    return VECTOR_API ? BY_DENSITY : SPARSE;
  }

  /**
   * Whether a layer whose inputs in the mini-batch are the first {@code m} rows of {@code inputs},
   * each {@code width} long, goes dense. Only BY_DENSITY looks at them: it counts their nonzero
   * entries until there are enough for the dense products, a vectorized pass much cheaper than
   * listing their positions, which only the row loops need.
   */
  boolean dense(float[][] inputs, int m, int width) {
    return switch (this) {
      case SPARSE -> false;
      case DENSE -> true;
      case BY_DENSITY -> {
        long total = (long) m * width;
        yield dense(VectorKernels.countNonzero(inputs, m, (long) Math.ceil(DENSE_FROM * total)), total);
      }
    };
  }

  /**
   * Whether the parts of a step that are dense whatever the inputs take the Vector API: sigmoid
   * layers' σ ({@link VectorKernels#sigmoid}, the Vector API's float exp, about 8 times faster than
   * {@code Math.exp} in double per neuron and within 1 ulp of it) and the errors sent back through
   * a layer (a product with its transposed weights, where dot products of rows 10 wide took 7 %
   * of a step at [784,30,10]): wherever the Vector API is in use.
   */
  boolean vectorApi() {
    return this != SPARSE;
  }

  /** Whether a layer with {@code nonzero} of its {@code total} batch inputs nonzero goes dense. */
  boolean dense(long nonzero, long total) {
    return switch (this) {
      case SPARSE -> false;
      case DENSE -> true;
      case BY_DENSITY -> nonzero >= DENSE_FROM * total;
    };
  }
}
