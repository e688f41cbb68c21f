package streamnet.job;

import java.util.Locale;

/**
 * How a worker follows the averages, as strategy objects (network2's costs carry {@code fn} and
 * {@code delta} the same way): when it waits for the average of what it sent, what it keeps of a
 * sent contribution, and how a new global model enters its replica.
 */
public enum AveragingMode {
  /** A worker stops after sending and resumes from the average (buffering input meanwhile). */
  SYNC {
    @Override
    boolean waitsForAverage(long miniBatchesPastModel, JobSettings settings) {
      return true;
    }

    @Override
    InFlight inFlight(Contribution sent) {
      return InFlight.ADOPT_ONLY;
    }

    @Override
    void follow(Replica replica, ModelUpdate update, InFlight inFlight) {
      replica.adopt(update);
    }
  },
  /**
   * A worker keeps training and folds the average in when it arrives: w ← w_avg + (w_now − w_sent).
   * Its staleness is bounded: once it has trained s·k mini-batches past the last model it followed,
   * it waits for the next, so a straggler holds the others back instead of letting one round span
   * epochs of their work.
   */
  DELAYED {
    @Override
    boolean waitsForAverage(long miniBatchesPastModel, JobSettings settings) {
      return miniBatchesPastModel >= settings.stalenessLimit();
    }

    @Override
    InFlight inFlight(Contribution sent) {
      return new InFlight(sent.parameters(), sent.velocity());
    }

    /**
     * Folds the average in when this worker's contribution is in it. With nothing in flight, or
     * after a contribution the averager rejected as not finite, the replica takes the model as is.
     */
    @Override
    void follow(Replica replica, ModelUpdate update, InFlight inFlight) {
      if (inFlight != null && inFlight.canFoldIn()) {
        replica.foldIn(update, inFlight);
      } else {
        replica.adopt(update);
      }
    }
  };

  /**
   * Whether a worker with a contribution in flight, {@code miniBatchesPastModel} mini-batches past
   * the last model it followed, stops training (buffering its input) until the next model arrives.
   */
  abstract boolean waitsForAverage(long miniBatchesPastModel, JobSettings settings);

  /** What a worker keeps of {@code sent} until the average of it arrives. */
  abstract InFlight inFlight(Contribution sent);

  /** Brings a newer global model into {@code replica}; {@code inFlight} is null when nothing was pending. */
  abstract void follow(Replica replica, ModelUpdate update, InFlight inFlight);

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code sync} or {@code delayed}. */
  public static AveragingMode fromId(String id) {
    try {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown averaging mode '" + id + "' (sync, delayed)");
    }
  }
}
