package streamnet.producer;

import java.util.Optional;
import streamnet.network.data.Expansion;

/**
 * What the MNIST feed sends: {@code epochs} shuffled passes over the training set (endless if
 * {@code forever}), shuffled with {@code seed}, each image followed by its {@code expansion}
 * variants if one is given, and training examples transformed from some point on if a
 * {@code drift} is given.
 */
public record FeedSettings(int epochs, long seed, boolean forever, Optional<Expansion> expansion,
    Optional<Drift> drift) {

  public static final int DEFAULT_EPOCHS = 1;
  public static final long DEFAULT_SEED = 42;

  public FeedSettings {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, not " + epochs);
    }
  }

  /** A feed without drift. */
  public FeedSettings(int epochs, long seed, boolean forever, Optional<Expansion> expansion) {
    this(epochs, seed, forever, expansion, Optional.empty());
  }
}
