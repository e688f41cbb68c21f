package streamnet.network.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import streamnet.network.Rng;
import streamnet.network.data.Dataset;
import streamnet.network.train.TrainingRun;
import streamnet.network.train.TrainingSettings;

/**
 * Random search over η, λ and the hidden-layer size (Bergstra and Bengio's alternative to a grid,
 * which chapter 3 points to). Each trial trains a fresh network with the base settings' epochs and
 * early stopping, and is scored by its best validation accuracy. The seed of the base settings
 * draws the candidates and also seeds every trial's training, so one seed gives one result.
 */
public final class RandomSearch {
  private final TrainingSettings base;
  private final SearchSpace space;
  private final int trials;

  /** A search of {@code trials} candidates from {@code space}, trained as {@code base} says. */
  public RandomSearch(TrainingSettings base, SearchSpace space, int trials) {
    if (trials < 1) {
      throw new IllegalArgumentException("trials must be positive, got " + trials);
    }
    // Fails here, not after a first trial, when the network has no hidden layer to resize.
    base.architecture().withHiddenSize(space.hiddenMin());
    this.base = base;
    this.space = space;
    this.trials = trials;
  }

  /** The candidates in the order they are tried: the same for the same seed. */
  public List<Candidate> candidates() {
    Rng rng = new Rng(base.seed());
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      candidates.add(space.sample(rng));
    }
    return candidates;
  }

  /** Runs every trial on {@code training}, scoring on {@code validation}; returns them ranked. */
  public List<Trial> run(Dataset training, Dataset validation, Consumer<Trial> listener) {
    List<Trial> done = new ArrayList<>();
    List<Candidate> candidates = candidates();
    for (int i = 0; i < candidates.size(); i++) {
      Trial trial = train(i + 1, candidates.get(i), training, validation);
      done.add(trial);
      listener.accept(trial);
    }
    return Trial.ranked(done);
  }

  /** Trains one candidate and measures it. */
  private Trial train(int number, Candidate candidate, Dataset training, Dataset validation) {
    TrainingSettings settings =
        new TrainingSettings(
            base.architecture().withHiddenSize(candidate.hidden()),
            base.initializer(),
            base.hyperparameters().withEta(candidate.eta()).withLambda(candidate.lambda()),
            base.miniBatch(),
            base.epochs(),
            base.patience(),
            base.schedule(),
            base.seed());
    long start = System.nanoTime();
    // The test set plays no part in choosing hyper-parameters: it stays empty.
    TrainingRun.Result run =
        new TrainingRun(settings)
            .run(training, validation, validation.slice(0, 0), new TrainingRun.Listener() {});
    double seconds = (System.nanoTime() - start) / 1e9;
    double best = run.bestEpoch() == 0 ? 0 : run.history().get(run.bestEpoch() - 1).validationAccuracy();
    return new Trial(
        number, candidate, best, run.bestEpoch(), run.history().size(), seconds, run.diverged());
  }
}
