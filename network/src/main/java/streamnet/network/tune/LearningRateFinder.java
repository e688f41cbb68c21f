package streamnet.network.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.function.DoubleFunction;
import streamnet.network.Evaluation;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.TrainingRun;
import streamnet.network.train.TrainingSettings;

/**
 * Chapter 3's estimate of the threshold learning rate: the smallest η at which the training cost
 * stops decreasing in every one of the first few epochs (see {@link CostTrend}).
 *
 * <p>Starting from a small η, each probe trains a fresh network (same seed, so the same start) for
 * a few epochs; η grows tenfold until a probe is not {@link CostTrend#DECREASES}. The decade between
 * the last good and that first bad η is then refined by factors of 2. The book recommends about
 * half the threshold.
 */
public final class LearningRateFinder {
  /** The coarse step: one decade. */
  public static final double DECADE = 10;
  /** The refining step within the decade. */
  public static final double REFINEMENT = 2;
  /** Relative slack for comparing products of η with their limits. */
  private static final double SLACK = 1e-9;

  private final TrainingSettings base;
  private final int probeEpochs;
  private final double from;
  private final double maxEta;

  /** What the probes found; η values are in the order they were tried. */
  public record Result(List<EtaProbe> probes) {

    public Result {
      probes = List.copyOf(probes);
    }

    /** The smallest η whose cost did not decrease in every epoch, if any probe was bad. */
    public OptionalDouble threshold() {
      return probes.stream().filter(p -> !p.trend().isGood()).mapToDouble(EtaProbe::eta).min();
    }

    /** The largest η below the threshold (or of all, without one) whose cost decreased. */
    public OptionalDouble lastGood() {
      double limit = threshold().orElse(Double.POSITIVE_INFINITY);
      return probes.stream()
          .filter(p -> p.trend().isGood() && p.eta() < limit)
          .mapToDouble(EtaProbe::eta)
          .max();
    }

    /** Half the threshold, as the book suggests; empty unless some smaller η was seen to work. */
    public OptionalDouble recommended() {
      OptionalDouble threshold = threshold();
      return threshold.isPresent() && lastGood().isPresent()
          ? OptionalDouble.of(threshold.getAsDouble() / 2)
          : OptionalDouble.empty();
    }
  }

  /**
   * A finder that probes with {@code base}'s network, initialization, λ, mini-batch and seed for
   * {@code probeEpochs} epochs each, trying η from {@code from} up to at most {@code maxEta}.
   */
  public LearningRateFinder(TrainingSettings base, int probeEpochs, double from, double maxEta) {
    if (probeEpochs < 1) {
      throw new IllegalArgumentException("probe epochs must be positive, got " + probeEpochs);
    }
    if (!(from > 0) || !(maxEta >= from)) {
      throw new IllegalArgumentException(
          "need 0 < from ≤ max η, got from " + from + ", max " + maxEta);
    }
    this.base = base;
    this.probeEpochs = probeEpochs;
    this.from = from;
    this.maxEta = maxEta;
  }

  /** Probes on {@code training}, telling {@code listener} about each probe as it ends. */
  public Result find(Dataset training, Consumer<EtaProbe> listener) {
    return search(eta -> probe(eta, training), listener);
  }

  /** The decade scan and its refinement, with {@code probe} judging each η. */
  Result search(DoubleFunction<EtaProbe> probe, Consumer<EtaProbe> listener) {
    List<EtaProbe> probes = new ArrayList<>();
    Consumer<EtaProbe> recordAndTell = ((Consumer<EtaProbe>) probes::add).andThen(listener);
    EtaProbe firstBad = firstBad(from, DECADE, maxEta * (1 + SLACK), probe, recordAndTell);
    if (firstBad != null && probes.size() > 1) {
      double lastGood = probes.get(probes.size() - 2).eta();
      firstBad(lastGood * REFINEMENT, REFINEMENT, firstBad.eta() * (1 - SLACK), probe, recordAndTell);
    }
    return new Result(probes);
  }

  /** Probes η = start, start·factor, … up to {@code limit}; returns the first bad probe or null. */
  private static EtaProbe firstBad(
      double start, double factor, double limit, DoubleFunction<EtaProbe> probe,
      Consumer<EtaProbe> listener) {
    for (int k = 0; start * Math.pow(factor, k) <= limit; k++) {
      EtaProbe result = probe.apply(start * Math.pow(factor, k));
      listener.accept(result);
      if (!result.trend().isGood()) {
        return result;
      }
    }
    return null;
  }

  /** Trains a fresh network with learning rate {@code eta} for the probe epochs. */
  private EtaProbe probe(double eta, Dataset training) {
    TrainingSettings settings =
        new TrainingSettings(
            base.architecture(),
            base.initializer(),
            base.hyperparameters().withEta(eta),
            base.miniBatch(),
            probeEpochs,
            0,
            false,
            base.seed());
    double initialCost = initialCost(settings, training);
    // Only the training cost matters here: validation and test sets are left empty.
    Dataset none = training.slice(0, 0);
    TrainingRun.Result run = new TrainingRun(settings).run(training, none, none, new TrainingRun.Listener() {});
    double[] costs = run.history().stream().mapToDouble(EpochMetrics::trainingCost).toArray();
    return new EtaProbe(eta, initialCost, Arrays.stream(costs).boxed().toList(),
        CostTrend.of(initialCost, costs, probeEpochs));
  }

  /** The training cost of the network {@link TrainingRun} starts from: the seed's first draws. */
  private static double initialCost(TrainingSettings settings, Dataset training) {
    Network start =
        Network.create(settings.architecture(), settings.initializer(), new Rng(settings.seed()));
    Hyperparameters hyper = settings.hyperparameters();
    return Evaluation.of(start, training, hyper.regularization(), hyper.lambda()).cost();
  }
}
