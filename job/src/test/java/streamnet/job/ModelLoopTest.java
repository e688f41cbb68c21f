package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which model updates a worker follows: its run's, of its attempt or later, newer than the one it follows. */
class ModelLoopTest {
  private static final String RUN = "run-a";

  @Test
  void aWorkerFollowsItsRunsNewerUpdatesOfItsAttemptOrLater() {
    // A worker in attempt 1 following version 5 of generation 1.
    assertThat(ModelLoop.follows(RUN, update(RUN, 1, 6), 1, 1, 5)).as("next version").isTrue();
    assertThat(ModelLoop.follows(RUN, update(RUN, 2, 0), 1, 1, 5)).as("a later generation's first").isTrue();
    assertThat(ModelLoop.follows(RUN, update(RUN, 1, 5), 1, 1, 5)).as("the one it follows").isFalse();
    assertThat(ModelLoop.follows(RUN, update(RUN, 1, 4), 1, 1, 5)).as("an older version").isFalse();
    assertThat(ModelLoop.follows("run-b", update("run-b", 1, 6), 1, 1, 5)).as("its own run id").isTrue();
    assertThat(ModelLoop.follows(RUN, update("run-b", 1, 6), 1, 1, 5)).as("another run's").isFalse();
  }

  @Test
  void aRestoredWorkerIgnoresTheVersionsOfEarlierAttempts() {
    // Restored in attempt 2 from a checkpoint taken at generation 0, version 3; the topic replays generation 1.
    assertThat(ModelLoop.follows(RUN, update(RUN, 1, 9), 2, 0, 3)).isFalse();
    assertThat(ModelLoop.follows(RUN, update(RUN, 2, 3), 2, 0, 3)).isTrue();
  }

  @Test
  void theLoopClosesWithTheStopUpdate() {
    assertThat(ModelLoop.closesTheLoop(update(RUN, 0, 1))).isFalse();
    assertThat(ModelLoop.closesTheLoop(new ModelUpdate(RUN, 0, 2, 0, 1, 0.5, true, new float[0], new float[0]))).isTrue();
  }

  private static ModelUpdate update(String runId, int generation, long version) {
    return new ModelUpdate(runId, generation, version, 0, 1, 0.5, false, new float[0], new float[0]);
  }
}
