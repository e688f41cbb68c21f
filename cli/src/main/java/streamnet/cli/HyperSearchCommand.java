package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.network.tune.RandomSearch;
import streamnet.network.tune.SearchSpace;
import streamnet.network.tune.Trial;

/** {@code streamnet hyper-search}: random search over η, λ and the hidden-layer size. */
@Command(
    name = "hyper-search",
    mixinStandardHelpOptions = true,
    description = {
      "Random search over the learning rate η and regularization λ (both log-uniform) and the"
          + " number of hidden neurons (uniform), each trial a fresh network trained on a subset"
          + " with early stopping on validation accuracy. Prints the trials ranked by best"
          + " validation accuracy. The same --seed draws the same trials.",
      "The other training flags (--sizes, --init, --mini-batch, --epochs, --early-stopping, ...)"
          + " apply to every trial; --eta, --lambda and the hidden sizes of --sizes are replaced"
          + " by the drawn values."
    })
public final class HyperSearchCommand implements Callable<Integer> {
  /** Early stopping's patience unless --early-stopping says otherwise. */
  static final int DEFAULT_PATIENCE = 5;

  @Mixin TrainingOptions training = TrainingOptions.forTuning(DEFAULT_PATIENCE);
  @Mixin DataOptions dataOptions;

  @Option(names = "--trials", paramLabel = "N",
      description = "Number of candidates to train (default: ${DEFAULT-VALUE}).")
  int trials = 20;

  @Option(names = "--eta-range", split = ",", paramLabel = "MIN,MAX",
      description = "Range of η, drawn log-uniformly (default: 0.05,5).")
  double[] etaRange = {0.05, 5};

  @Option(names = "--lambda-range", split = ",", paramLabel = "MIN,MAX",
      description = "Range of λ, drawn log-uniformly (default: 0.1,20).")
  double[] lambdaRange = {0.1, 20};

  @Option(names = "--hidden-range", split = ",", paramLabel = "MIN,MAX",
      description = "Range of hidden neurons per hidden layer, drawn uniformly (default: 10,100).")
  int[] hiddenRange = {10, 100};

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    training.refuseInitialModel("hyper-search");
    MnistData data = dataOptions.load();
    Dataset trainingSet = training.trainingSet(data.training());
    RandomSearch search = new RandomSearch(training.settings(trainingSet.size()), space(), trials);
    out.printf(Locale.ROOT, "%d trials on %,d training images, validation %,d, seed %d%n",
        trials, trainingSet.size(), data.validation().size(), training.seed);
    List<Trial> ranked = search.run(trainingSet, data.validation(), trial -> out.println(progress(trial)));
    out.println();
    out.println(header());
    for (int i = 0; i < ranked.size(); i++) {
      out.println(row(i + 1, ranked.get(i)));
    }
    return 0;
  }

  /** The search space the range flags describe. */
  SearchSpace space() {
    requirePair("--eta-range", etaRange.length);
    requirePair("--lambda-range", lambdaRange.length);
    requirePair("--hidden-range", hiddenRange.length);
    return new SearchSpace(
        etaRange[0], etaRange[1], lambdaRange[0], lambdaRange[1], hiddenRange[0], hiddenRange[1]);
  }

  /** The line printed as a trial ends, in the order drawn. */
  private String progress(Trial trial) {
    return String.format(Locale.ROOT,
        "trial %d/%d: η %.4g, λ %.4g, hidden %d: best validation %.2f %% (epoch %d of %d)%s, %.1f s",
        trial.number(), trials, trial.candidate().eta(), trial.candidate().lambda(),
        trial.candidate().hidden(), 100 * trial.bestValidationAccuracy(), trial.bestEpoch(),
        trial.epochsRun(), trial.diverged() ? ", diverged" : "", trial.seconds());
  }

  /** The ranked table's column names. */
  static String header() {
    return String.format(Locale.ROOT, "%4s  %9s  %9s  %6s  %15s  %10s  %10s  %7s",
        "rank", "η", "λ", "hidden", "best valid. (%)", "best epoch", "epochs run", "seconds");
  }

  /** One row of the ranked table. */
  static String row(int rank, Trial trial) {
    return String.format(Locale.ROOT, "%4d  %9.4g  %9.4g  %6d  %15.2f  %10d  %10d  %7.1f%s",
        rank, trial.candidate().eta(), trial.candidate().lambda(), trial.candidate().hidden(),
        100 * trial.bestValidationAccuracy(), trial.bestEpoch(), trial.epochsRun(), trial.seconds(),
        trial.diverged() ? "  diverged" : "");
  }

  private static void requirePair(String flag, int length) {
    if (length != 2) {
      throw new IllegalArgumentException(flag + " takes two values, MIN,MAX; got " + length);
    }
  }
}
