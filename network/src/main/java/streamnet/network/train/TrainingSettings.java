package streamnet.network.train;

import java.io.Serializable;

import streamnet.network.Architecture;
import streamnet.network.Hyperparameters;
import streamnet.network.WeightInitializer;

/**
 * Everything a training run is told: the network's shape and initialization, the step's
 * hyper-parameters (η is the starting rate), mini-batch size, the epoch limit, the
 * no-improvement-in-n patience (0 = off) and whether it halves η instead of stopping, and the seed.
 */
public record TrainingSettings(
    Architecture architecture,
    WeightInitializer initializer,
    Hyperparameters hyperparameters,
    int miniBatch,
    int epochs,
    int patience,
    boolean schedule,
    long seed)
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
  }

  /** The early-stopping rule these settings start with (on validation accuracy). */
  public EarlyStopping earlyStopping() {
    return EarlyStopping.start(
        EarlyStopping.Direction.HIGHER_IS_BETTER, patience, schedule, hyperparameters.eta());
  }
}
