package streamnet.network.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import streamnet.network.Architecture;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;

/**
 * Everything a training run is told: the network's shape and initialization, the step's
 * hyper-parameters (η is the starting rate), mini-batch size, the epoch limit, the
 * no-improvement-in-n patience (0 = off) and whether it halves η instead of stopping, the seed,
 * the parameters to start from ({@code initialModel}, laid out as {@link Network#toFlat()} writes
 * them; null draws them from {@code initializer}), and whether the run is live: it trains until it
 * is stopped from outside, so neither the epoch limit, early stopping nor the schedule's end stops
 * it ({@link EpochPolicy}).
 */
public record TrainingSettings(
    Architecture architecture,
    WeightInitializer initializer,
    Hyperparameters hyperparameters,
    int miniBatch,
    int epochs,
    int patience,
    boolean schedule,
    long seed,
    float[] initialModel,
    boolean live)
    implements Serializable {

  public TrainingSettings {
    if (miniBatch < 1) {
      throw new IllegalArgumentException("mini-batch size must be positive, got " + miniBatch);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be positive, got " + epochs);
    }
    if (schedule && patience < 1) {
      throw new IllegalArgumentException("the learning-rate schedule needs a patience n ≥ 1");
    }
    if (initialModel != null && initialModel.length != architecture.parameterCount()) {
      throw new IllegalArgumentException("the initial model has " + initialModel.length + " parameters, "
          + architecture + " has " + architecture.parameterCount());
    }
    initialModel = initialModel == null ? null : initialModel.clone();
  }

  /** A bounded run from freshly initialized parameters. */
  public TrainingSettings(Architecture architecture, WeightInitializer initializer, Hyperparameters hyperparameters,
      int miniBatch, int epochs, int patience, boolean schedule, long seed) {
    this(architecture, initializer, hyperparameters, miniBatch, epochs, patience, schedule, seed, null, false);
  }

  /** These settings starting from {@code model}'s parameters; its architecture must be the run's. */
  public TrainingSettings startingFrom(Network model) {
    if (!model.architecture().equals(architecture)) {
      throw new IllegalArgumentException("the initial model is " + model.architecture() + ", the run trains "
          + architecture);
    }
    return new TrainingSettings(architecture, initializer, hyperparameters, miniBatch, epochs, patience, schedule,
        seed, model.toFlat(), live);
  }

  /** These settings for a live run, which only divergence or a stop from outside ends. */
  public TrainingSettings asLive() {
    return new TrainingSettings(architecture, initializer, hyperparameters, miniBatch, epochs, patience, schedule,
        seed, initialModel, true);
  }

  /** A copy of the parameters the run starts from, or null when they are drawn from the initializer. */
  @Override
  public float[] initialModel() {
    return initialModel == null ? null : initialModel.clone();
  }

  /**
   * The network the run starts from: the initial model's parameters if there are any, else drawn
   * by the initializer from {@code rng}.
   */
  public Network initialNetwork(Rng rng) {
    return initialModel != null
        ? Network.fromFlat(architecture, initialModel)
        : Network.create(architecture, initializer, rng);
  }

  /** The early-stopping rule these settings start with (on validation accuracy). */
  public EarlyStopping earlyStopping() {
    return EarlyStopping.start(
        EarlyStopping.Direction.HIGHER_IS_BETTER, patience, schedule, hyperparameters.eta());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingSettings other
        && architecture.equals(other.architecture)
        && initializer == other.initializer
        && hyperparameters.equals(other.hyperparameters)
        && miniBatch == other.miniBatch
        && epochs == other.epochs
        && patience == other.patience
        && schedule == other.schedule
        && seed == other.seed
        && Arrays.equals(initialModel, other.initialModel)
        && live == other.live;
  }

  @Override
  public int hashCode() {
    return Objects.hash(architecture, initializer, hyperparameters, miniBatch, epochs, patience, schedule, seed,
        Arrays.hashCode(initialModel), live);
  }
}
