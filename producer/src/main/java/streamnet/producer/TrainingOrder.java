package streamnet.producer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** The order the training examples go out in each epoch: a seeded shuffle, see docs/record-format.md. */
public final class TrainingOrder {

  private TrainingOrder() {}

  /** Ids 0..size-1 shuffled for this epoch (1-based) with {@code new Random(seed * 1_000_003 + epoch)}. */
  public static int[] of(int size, long seed, int epoch) {
    List<Integer> ids = new ArrayList<>(size);
    for (int id = 0; id < size; id++) {
      ids.add(id);
    }
    Collections.shuffle(ids, new Random(seed * 1_000_003 + epoch));
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
