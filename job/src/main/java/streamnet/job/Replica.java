package streamnet.job;

import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.Rng;

/** A worker's copy of the network with its trainer (momentum velocity, dropout RNG, η). */
final class Replica {
  private final Network network;
  private final MiniBatchTrainer trainer;
  private final Rng rng;

  Replica(JobSettings settings, Rng rng) {
    this.rng = rng;
    this.network = Network.zeros(settings.training().architecture());
    this.trainer = new MiniBatchTrainer(
        network, settings.training().hyperparameters(), settings.training().miniBatch(), rng);
  }

  MiniBatchTrainer trainer() {
    return trainer;
  }

  Rng rng() {
    return rng;
  }

  int outputSize() {
    return network.architecture().outputSize();
  }

  /** Replaces parameters (and velocity) by the global model's. */
  void adopt(ModelUpdate update) {
    network.setFlat(update.parameters());
    if (trainer.velocity() != null && update.velocity().length > 0) {
      trainer.velocity().setFlat(update.velocity());
    }
  }

  /** w ← w_avg + (w_now − w_sent), the same for the velocity: keeps what was learned meanwhile. */
  void foldIn(ModelUpdate update, InFlight sent) {
    network.rebase(update.parameters(), sent.parameters());
    if (trainer.velocity() != null && update.velocity().length > 0) {
      trainer.velocity().rebase(update.velocity(), sent.velocity());
    }
  }

  float[] parameters() {
    return network.toFlat();
  }

  float[] velocity() {
    return trainer.velocity() == null ? new float[0] : trainer.velocity().toFlat();
  }

  double eta() {
    return trainer.hyperparameters().eta();
  }

  /** Sets parameters, velocity, η and the RNG as a snapshot recorded them. */
  void restore(float[] parameters, float[] velocity, double eta, long rngState) {
    network.setFlat(parameters);
    if (trainer.velocity() != null && velocity.length > 0) {
      trainer.velocity().setFlat(velocity);
    }
    trainer.setEta(eta);
    rng.setState(rngState);
  }
}
