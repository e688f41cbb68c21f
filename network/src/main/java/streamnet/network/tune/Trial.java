package streamnet.network.tune;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * How one candidate of a random search did: its best validation accuracy (a fraction) and the
 * epoch it came from, how many epochs ran before early stopping, the seconds it took, and whether
 * training diverged. {@code number} is its place in the order drawn, from 1.
 */
public record Trial(
    int number,
    Candidate candidate,
    double bestValidationAccuracy,
    int bestEpoch,
    int epochsRun,
    double seconds,
    boolean diverged) {

  /** Best first: by validation accuracy, higher is better; ties keep the order drawn. */
  public static final Comparator<Trial> BEST_FIRST =
      Comparator.comparingDouble(Trial::bestValidationAccuracy)
          .reversed()
          .thenComparingInt(Trial::number);

  /** The trials ranked best first. */
  public static List<Trial> ranked(Collection<Trial> trials) {
    return trials.stream().sorted(BEST_FIRST).toList();
  }
}
