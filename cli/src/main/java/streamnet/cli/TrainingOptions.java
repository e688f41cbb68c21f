package streamnet.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Option;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.data.Expansion;
import streamnet.network.train.InitialModel;
import streamnet.network.train.TrainingSettings;

/**
 * The training flags every training subcommand shares ({@code train-local}, {@code train}); their
 * names are a contract with users' scripts. Defaults are network2's chapter-3 run.
 */
public final class TrainingOptions {
  /** Images the tuning commands train on by default: enough to rank settings, quick to train. */
  static final int TUNING_SUBSET = 10_000;

  @Option(names = "--sizes", split = ",", paramLabel = "N,N,...",
      description = "Layer sizes, input first (default: ${DEFAULT-VALUE}).")
  int[] sizes = {784, 30, 10};

  @Option(names = "--activation", split = ",", paramLabel = "NAME",
      description = "Hidden-layer neurons: sigmoid, tanh or relu; one for all hidden layers or one per"
          + " hidden layer (default: ${DEFAULT-VALUE}).")
  List<String> hiddenActivations = List.of("sigmoid");

  @Option(names = "--output", paramLabel = "NAME",
      description = "Output neurons: sigmoid, softmax or linear (default: ${DEFAULT-VALUE}).")
  String output = "sigmoid";

  @Option(names = "--cost", paramLabel = "NAME",
      description = "quadratic, cross-entropy or log-likelihood (default: ${DEFAULT-VALUE}).")
  String cost = "cross-entropy";

  @Option(names = "--init", paramLabel = "NAME",
      description = "Weight initialization: default = N(0, 1/n_in), large = N(0, 1)"
          + " (default: ${DEFAULT-VALUE}).")
  String init = "default";

  @Option(names = "--eta", description = "Learning rate η (default: ${DEFAULT-VALUE}).")
  double eta = 0.5;

  @Option(names = "--lambda", description = "Regularization parameter λ (default: ${DEFAULT-VALUE}).")
  double lambda = 5.0;

  @Option(names = "--regularization", paramLabel = "l2|l1|none",
      description = "Kind of regularization (default: ${DEFAULT-VALUE}).")
  String regularization = "l2";

  @Option(names = "--momentum", paramLabel = "MU",
      description = "Momentum coefficient μ; 0 is plain SGD (default: ${DEFAULT-VALUE}).")
  double momentum = 0;

  @Option(names = "--dropout", paramLabel = "P",
      description = "Probability of dropping each hidden neuron during training (default: ${DEFAULT-VALUE}).")
  double dropout = 0;

  @Option(names = "--mini-batch", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int miniBatch = 10;

  /** The epoch limit without --epochs. */
  static final int DEFAULT_EPOCHS = 30;

  /** Null when not given: a live run ({@code train --live}) takes none. */
  @Option(names = "--epochs", description = "Maximum number of epochs (default: " + DEFAULT_EPOCHS + ").")
  Integer epochs;

  @Option(names = "--early-stopping", paramLabel = "N",
      description = "Stop after N epochs without a better validation accuracy; 0 = off (default: ${DEFAULT-VALUE}).")
  int earlyStopping = 0;

  @Option(names = "--schedule", paramLabel = "N",
      description = "Learning-rate schedule: halve η after every N epochs without a better validation"
          + " accuracy and stop when η reaches η/128; 0 = off (default: ${DEFAULT-VALUE}).")
  int schedule = 0;

  @Option(names = "--expand", split = ",", paramLabel = "KIND",
      description = "Expand the training data: shifts (Nielsen's 1-pixel shifts, ×5), rotations, elastic.")
  List<String> expand = List.of();

  @Option(names = "--expand-copies", paramLabel = "N",
      description = "Variants per image for rotations and elastic (default: ${DEFAULT-VALUE}).")
  int expandCopies = 1;

  @Option(names = "--training-size", paramLabel = "N",
      description = "Train on only the first N training images (default: all; find-eta and"
          + " hyper-search: " + TUNING_SUBSET + ").")
  Integer trainingSize;

  @Option(names = "--seed", description = "Seed for initialization, shuffling and dropout (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--initial-model", paramLabel = "FILE",
      description = "Start from this network2 JSON model (e.g. one train-local --save wrote) instead of fresh"
          + " parameters; it must have the run's --sizes, --activation, --output and --cost.")
  Path initialModel;

  /** These flags with a tuning command's defaults: the first images only, and that patience. */
  static TrainingOptions forTuning(int earlyStopping) {
    TrainingOptions options = new TrainingOptions();
    options.trainingSize = TUNING_SUBSET;
    options.earlyStopping = earlyStopping;
    return options;
  }

  /** The training set after --training-size and --expand. */
  Dataset trainingSet(Dataset full) {
    Dataset subset = trainingSize == null ? full : full.slice(0, Math.min(trainingSize, full.size()));
    Expansion expansion = expansion();
    return expansion == null ? subset : expansion.apply(subset, seed);
  }

  /** These options as command-line flags, to hand them to another subcommand. */
  List<String> toArguments() {
    List<String> args = new ArrayList<>(List.of(
        "--sizes", join(Arrays.stream(sizes).mapToObj(String::valueOf).toList()),
        "--activation", join(hiddenActivations),
        "--output", output,
        "--cost", cost,
        "--init", init,
        "--eta", String.valueOf(eta),
        "--lambda", String.valueOf(lambda),
        "--regularization", regularization,
        "--momentum", String.valueOf(momentum),
        "--dropout", String.valueOf(dropout),
        "--mini-batch", String.valueOf(miniBatch),
        "--early-stopping", String.valueOf(earlyStopping),
        "--schedule", String.valueOf(schedule),
        "--seed", String.valueOf(seed)));
    if (epochs != null) {
      args.addAll(List.of("--epochs", String.valueOf(epochs)));
    }
    if (initialModel != null) {
      args.addAll(List.of("--initial-model", initialModel.toString()));
    }
    if (!expand.isEmpty()) {
      args.addAll(List.of("--expand", join(expand), "--expand-copies", String.valueOf(expandCopies)));
    }
    if (trainingSize != null) {
      args.addAll(List.of("--training-size", String.valueOf(trainingSize)));
    }
    return args;
  }

  private static String join(List<String> values) {
    return String.join(",", values);
  }

  /** The architecture these flags describe. */
  Architecture architecture() {
    int hiddenLayers = sizes.length - 2;
    if (hiddenActivations.size() != 1 && hiddenActivations.size() != hiddenLayers) {
      throw new IllegalArgumentException(
          "--activation takes one name or one per hidden layer (" + hiddenLayers + "), got "
              + hiddenActivations.size());
    }
    Activation[] activations = new Activation[sizes.length - 1];
    for (int l = 0; l < hiddenLayers; l++) {
      activations[l] = Activation.fromId(hiddenActivations.get(hiddenActivations.size() == 1 ? 0 : l));
    }
    activations[hiddenLayers] = Activation.fromId(output);
    return new Architecture(sizes, activations, Cost.fromId(cost));
  }

  /**
   * The full settings for a training set of {@code trainingSetSize} examples, starting from
   * --initial-model if given (refused here, before training, if it is not the run's network).
   */
  TrainingSettings settings(int trainingSetSize) {
    if (earlyStopping > 0 && schedule > 0) {
      throw new IllegalArgumentException("choose --early-stopping or --schedule, not both");
    }
    Hyperparameters hyper = new Hyperparameters(
        eta, lambda, Regularization.fromId(regularization), momentum, dropout, trainingSetSize);
    TrainingSettings settings = new TrainingSettings(
        architecture(),
        WeightInitializer.fromId(init),
        hyper,
        miniBatch,
        epochs(),
        schedule > 0 ? schedule : earlyStopping,
        schedule > 0,
        seed);
    return initialModel == null ? settings : InitialModel.startFrom(settings, initialModel);
  }

  /** The epoch limit: --epochs, or {@value #DEFAULT_EPOCHS}. */
  int epochs() {
    return epochs != null ? epochs : DEFAULT_EPOCHS;
  }

  /** For the commands that draw networks of their own: refuses --initial-model rather than ignoring it. */
  void refuseInitialModel(String command) {
    if (initialModel != null) {
      throw new IllegalArgumentException("--initial-model is for train-local, train and demo; " + command
          + " trains networks of its own");
    }
  }

  /** The expansion asked for, or null for none. */
  Expansion expansion() {
    if (expand.isEmpty()) {
      return null;
    }
    Set<Expansion.Kind> kinds = EnumSet.noneOf(Expansion.Kind.class);
    for (String kind : expand) {
      try {
        kinds.add(Expansion.Kind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown --expand kind '" + kind + "' (" + Arrays.toString(Expansion.Kind.values()).toLowerCase(Locale.ROOT) + ")");
      }
    }
    return Expansion.of(kinds, expandCopies);
  }
}
