package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.network.data.Dataset;
import streamnet.network.tune.EtaProbe;
import streamnet.network.tune.LearningRateFinder;

/** {@code streamnet find-eta}: chapter 3's threshold learning rate, and half of it to use. */
@Command(
    name = "find-eta",
    mixinStandardHelpOptions = true,
    description = {
      "Estimates the threshold learning rate as chapter 3 describes: trains a fresh network for a"
          + " few epochs at η = --from, 10·η, 100·η, … until the training cost no longer falls in"
          + " every epoch (it oscillates or rises), then refines that decade by factors of 2."
          + " Recommends half the threshold.",
      "A probe's cost decreases when each epoch's training cost is below the one before, starting"
          + " from the untrained network's; it rises when the last cost is no lower than the"
          + " untrained one; it diverges when a cost or parameter stops being finite; otherwise it"
          + " oscillates. The other training flags (--sizes, --lambda,"
          + " --init, ...) shape every probe; --eta, --epochs, --early-stopping and --schedule are"
          + " not used."
    })
public final class FindEtaCommand implements Callable<Integer> {

  @Mixin TrainingOptions training = TrainingOptions.forTuning(0);
  @Mixin DataOptions dataOptions;

  @Option(names = "--from", paramLabel = "ETA",
      description = "The first, smallest η tried (default: ${DEFAULT-VALUE}).")
  double from = 0.001;

  @Option(names = "--max-eta", paramLabel = "ETA",
      description = "Give up looking above this η (default: ${DEFAULT-VALUE}).")
  double maxEta = 1000;

  @Option(names = "--probe-epochs", paramLabel = "N",
      description = "Epochs each probe trains (default: ${DEFAULT-VALUE}).")
  int probeEpochs = 3;

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    training.refuseInitialModel("find-eta");
    Dataset trainingSet = training.trainingSet(dataOptions.load().training());
    LearningRateFinder finder = new LearningRateFinder(
        training.settings(trainingSet.size()), probeEpochs, from, maxEta);
    out.printf(Locale.ROOT, "probing η from %s, %d epochs each, on %,d training images%n",
        from, probeEpochs, trainingSet.size());
    out.printf(Locale.ROOT, "%10s  %s  %s%n", "η", "training cost: untrained, then per epoch", "verdict");
    LearningRateFinder.Result result = finder.find(trainingSet, probe -> out.println(row(probe)));
    out.println(summary(result));
    return 0;
  }

  /** One table row: η, the costs from untrained to the last epoch, the verdict. */
  static String row(EtaProbe probe) {
    String costs = probe.epochCosts().stream()
        .map(c -> String.format(Locale.ROOT, "%.4f", c))
        .collect(Collectors.joining(" ", String.format(Locale.ROOT, "%.4f | ", probe.initialCost()), ""));
    return String.format(Locale.ROOT, "%10.4g  %-40s  %s", probe.eta(), costs,
        probe.trend().name().toLowerCase(Locale.ROOT));
  }

  /** The threshold and the recommendation, or why there is none. */
  static String summary(LearningRateFinder.Result result) {
    OptionalDouble threshold = result.threshold();
    OptionalDouble recommended = result.recommended();
    if (threshold.isEmpty()) {
      return "the cost decreased at every η tried: no threshold up to " + result.lastGood().orElseThrow()
          + " (raise --max-eta)";
    }
    if (recommended.isEmpty()) {
      return "the cost did not decrease even at η = " + threshold.getAsDouble() + ": start lower with --from";
    }
    return String.format(Locale.ROOT,
        "threshold η ≈ %.4g (last decreasing: %.4g); recommended η = threshold / 2 = %.4g",
        threshold.getAsDouble(), result.lastGood().getAsDouble(), recommended.getAsDouble());
  }
}
