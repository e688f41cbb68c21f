package streamnet.cli;

import java.util.List;
import picocli.CommandLine.Option;
import streamnet.network.drift.DriftDetection;
import streamnet.network.train.PrequentialSettings;

/**
 * How a training run scores its stream before training on it ({@code train-local}, {@code train},
 * {@code demo}): the sliding window of the prequential figures and the drift detector on the
 * prequential error. The defaults are {@link PrequentialSettings}' and {@link DriftDetection}'s.
 */
public final class PrequentialOptions {

  @Option(names = "--prequential-window", paramLabel = "N",
      description = "Examples in the sliding window of prequential_sliding_accuracy and _cost: the newest rounds"
          + " (train-local: mini-batches) that hold at least N (default: ${DEFAULT-VALUE}).")
  int window = PrequentialSettings.DEFAULT_WINDOW;

  @Option(names = "--drift-detection", paramLabel = "off|page-hinkley",
      description = "Drift detector on the prequential error; a drift restarts the η schedule and the"
          + " early-stopping patience (default: ${DEFAULT-VALUE}).")
  String detection = DriftDetection.DEFAULT_METHOD.id();

  @Option(names = "--drift-delta", paramLabel = "DELTA",
      description = "Page-Hinkley δ: the rise of the error that is tolerated (default: ${DEFAULT-VALUE}).")
  double delta = DriftDetection.DEFAULT_DELTA;

  @Option(names = "--drift-threshold", paramLabel = "LAMBDA",
      description = "Page-Hinkley λ: the evidence a drift needs (default: ${DEFAULT-VALUE}).")
  double threshold = DriftDetection.DEFAULT_THRESHOLD;

  /** The settings these flags describe; refuses values the detector or the window cannot work with. */
  PrequentialSettings settings() {
    return new PrequentialSettings(window, new DriftDetection(DriftDetection.Method.fromId(detection), delta,
        threshold));
  }

  /** These options as command-line flags, to hand them to another subcommand or the job. */
  List<String> toArguments() {
    return List.of("--prequential-window", String.valueOf(window), "--drift-detection", detection,
        "--drift-delta", String.valueOf(delta), "--drift-threshold", String.valueOf(threshold));
  }
}
