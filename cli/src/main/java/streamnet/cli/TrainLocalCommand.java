package streamnet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.network.io.ModelFile;
import streamnet.network.train.EarlyStopping;
import streamnet.network.train.EpochMetrics;
import streamnet.network.train.LearningCurves;
import streamnet.network.train.MetricsLog;
import streamnet.network.train.TrainingRun;
import streamnet.network.train.TrainingSettings;

/** {@code streamnet train-local}: network2's SGD in one process, the core the Flink workers run. */
@Command(
    name = "train-local",
    mixinStandardHelpOptions = true,
    description = "Trains a network on MNIST in this process (no Kafka, no Flink): network2's SGD"
        + " with the chapter-3 techniques. Prints a progress bar and one line per epoch; the model"
        + " kept is the one with the best validation accuracy, and its test accuracy is reported.")
public final class TrainLocalCommand implements Callable<Integer> {
  /** Exit status of a run whose parameters became NaN or infinite. */
  static final int DIVERGED = 3;

  @Mixin TrainingOptions training;
  @Mixin DataOptions dataOptions;
  @Mixin PrequentialOptions prequential;

  @Option(names = "--metrics", paramLabel = "FILE",
      description = "Write one JSON object per epoch, then a final one, to FILE.")
  Path metrics;

  @Option(names = "--save", paramLabel = "FILE",
      description = "Write the best model (network2-compatible JSON) to FILE.")
  Path save;

  @Option(names = "--plot", paramLabel = "DIR",
      description = "Write learning curves (accuracy.png, cost.png) into DIR.")
  Path plot;

  @Override
  public Integer call() throws IOException {
    PrintStream out = System.out;
    MnistData data = dataOptions.load();
    Dataset trainingSet = training.trainingSet(data.training());
    TrainingSettings settings = training.settings(trainingSet.size());
    out.printf("training %s on %,d examples (validation %,d, test %,d), η %s, λ %s, mini-batch %d%n",
        settings.architecture(), trainingSet.size(), data.validation().size(), data.test().size(),
        training.eta, training.lambda, training.miniBatch);
    TrainingRun.Result result;
    try (MetricsLog log = metrics == null ? null : new MetricsLog(metrics, Map.of())) {
      result = new TrainingRun(settings, prequential.settings())
          .run(trainingSet, data.validation(), data.test(), new ConsoleListener(settings, log));
      if (log != null) {
        log.finish(result.testAccuracy(), result.bestEpoch());
      }
    }
    report(out, result);
    if (result.diverged()) {
      System.err.println("train-local: " + result.divergence());
      return DIVERGED;
    }
    return 0;
  }

  private void report(PrintStream out, TrainingRun.Result result) throws IOException {
    out.printf("best validation accuracy in epoch %d; test accuracy of that model: %.2f %%%n",
        result.bestEpoch(), 100 * result.testAccuracy());
    if (save != null) {
      ModelFile.write(result.best(), save);
      out.println("model written to " + save);
    }
    if (metrics != null) {
      out.println("metrics written to " + metrics);
    }
    if (plot != null && !result.history().isEmpty()) {
      out.println("learning curves written to "
          + LearningCurves.write(result.history(), plot, result.best().architecture().toString()));
    }
  }

  /** Progress bar while an epoch trains, one summary line and one metrics line after it. */
  private static final class ConsoleListener implements TrainingRun.Listener {
    private final TrainingSettings settings;
    private final MetricsLog log;
    private final ProgressBar bar = new ProgressBar(System.err);

    ConsoleListener(TrainingSettings settings, MetricsLog log) {
      this.settings = settings;
      this.log = log;
    }

    @Override
    public void progress(int epoch, int done, int total) {
      bar.show(String.format("epoch %d/%d", epoch, settings.epochs()), epoch, done, total);
    }

    @Override
    public void epochEnded(EpochMetrics m, EarlyStopping rule) {
      bar.clear();
      System.out.printf(
          "epoch %3d  η %-8.4g train %6.2f %% cost %.4f  validation %6.2f %% cost %.4f  prequential %6.2f %%%s"
              + "  best %6.2f %% (epoch %d)  %6.1f s%n",
          m.epoch(), m.eta(), 100 * m.trainingAccuracy(), m.trainingCost(),
          100 * m.validationAccuracy(), m.validationCost(), 100 * m.prequential().accuracy(),
          MetricsFollower.driftNote(m.prequential().drift()), 100 * rule.best(), rule.bestEpoch(),
          m.elapsedSeconds());
      if (log != null) {
        try {
          log.epoch(m);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("cannot write metrics: " + e.getMessage(), e);
        }
      }
    }
  }
}
