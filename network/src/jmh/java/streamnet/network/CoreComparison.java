package streamnet.network;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;

/**
 * Whole training steps of two or more builds of the core in one JVM, taking turns on one thread:
 * each build's compiled classes ({@code network/target/classes} of a checkout) get a class loader
 * of their own, with {@link CoreStepDriver} defined in each, so both cores are JIT-compiled
 * separately and a change in the machine's load hits them alike. Per shape, after four rounds of
 * warm-up (C2 compiles the Vector API kernels of [784,30,10] on dense inputs only after about
 * 0.75 s of CPU time), {@code ROUNDS} rounds of about 0.3 s of thread CPU time each, the order of the builds
 * reversed every other round; prints each build's median examples per CPU second with the
 * smallest and largest round, and the ratio of each build to the first one in the same round:
 * its median, quartiles, smallest and largest.
 *
 * <p>Usage: {@code CoreComparison SIZES;SIZES... MINI_BATCH,... IDX_DIR CLASSES_DIR...}, e.g.
 * {@code "784,800,10" 100 data/mnist ../wt-oldcore/network/target/classes network/target/classes};
 * run with {@code --add-modules jdk.incubator.vector -XX:ActiveProcessorCount=1}.
 */
public final class CoreComparison {
  private static final int ROUNDS = 15;
  private static final int WARMUP_ROUNDS = 4;
  private static final long ROUND_NANOS = 300_000_000L;
  private static final String DRIVER = CoreStepDriver.class.getName();

  private CoreComparison() {}

  public static void main(String[] args) throws Exception {
    Dataset training = MnistData.load(Path.of(args[2])).training();
    float[][] images = new float[training.size()][];
    float[][] targets = new float[training.size()][];
    float[][] oneHot = OneHot.vectors(training.classes());
    for (int i = 0; i < images.length; i++) {
      images[i] = training.image(i);
      targets[i] = oneHot[training.label(i)];
    }
    List<Path> builds = new ArrayList<>();
    for (int b = 3; b < args.length; b++) {
      builds.add(Path.of(args[b]));
    }
    for (String sizes : args[0].split(";")) {
      int[] layers = Arrays.stream(sizes.split(",")).mapToInt(Integer::parseInt).toArray();
      for (String batch : args[1].split(",")) {
        compare(layers, Integer.parseInt(batch), images, targets, builds, args[2]);
      }
    }
  }

  private static void compare(int[] layers, int m, float[][] images, float[][] targets,
      List<Path> builds, String data) throws Exception {
    List<DoubleSupplier> drivers = new ArrayList<>();
    for (Path build : builds) {
      Class<?> driver = new BuildLoader(build).loadClass(DRIVER);
      drivers.add((DoubleSupplier) driver
          .getConstructor(int[].class, int.class, float[][].class, float[][].class, long.class)
          .newInstance(layers, m, images, targets, ROUND_NANOS));
    }
    double[][] rates = new double[drivers.size()][ROUNDS];
    for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
      for (int k = 0; k < drivers.size(); k++) {
        int b = round % 2 == 0 ? k : drivers.size() - 1 - k;
        double rate = drivers.get(b).getAsDouble();
        if (round >= 0) {
          rates[b][round] = rate;
        }
      }
    }
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %s mini-batch %d:",
        data, Arrays.toString(layers), m));
    for (int b = 0; b < drivers.size(); b++) {
      double[] ratios = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        ratios[round] = rates[b][round] / rates[0][round];
      }
      double[] sorted = rates[b].clone();
      Arrays.sort(sorted);
      double[] sortedRatios = ratios.clone();
      Arrays.sort(sortedRatios);
      line.append(String.format(Locale.ROOT, " | %s %.0f ex/s (%.0f-%.0f), x%.3f (quartiles %.3f-%.3f, %.3f-%.3f)",
          builds.get(b), median(rates[b]), sorted[0], sorted[ROUNDS - 1], median(ratios),
          sortedRatios[ROUNDS / 4], sortedRatios[ROUNDS - 1 - ROUNDS / 4], sortedRatios[0], sortedRatios[ROUNDS - 1]));
    }
    System.out.println(line);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The core classes of one build, and {@link CoreStepDriver} defined anew against them. */
  private static final class BuildLoader extends URLClassLoader {
    BuildLoader(Path classes) throws MalformedURLException {
      super(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      if (!name.equals(DRIVER)) {
        return super.findClass(name);
      }
      try (InputStream in = CoreComparison.class.getResourceAsStream("CoreStepDriver.class")) {
        byte[] bytes = in.readAllBytes();
        return defineClass(name, bytes, 0, bytes.length);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
