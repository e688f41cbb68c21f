package streamnet.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Test-then-train scores each batch with the parameters before its update, without dropout. */
class TestThenTrainTest {
  private static final int M = 8;
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 20, 7, 4);

  @Test
  void withoutDropoutTheScoreIsThatOfTheModelBeforeTheStep() {
    assertScoresTheModelBeforeTheStep(0);
  }

  @Test
  void withDropoutTheScoreIsThatOfTheWholeNetworkBeforeTheStep() {
    assertScoresTheModelBeforeTheStep(0.5);
  }

  @Test
  void theStepIsTheSameAsTrainingAlone() {
    Batch batch = new Batch(new Rng(5));
    for (double dropout : new double[] {0, 0.5}) {
      MiniBatchTrainer scored = trainer(dropout);
      MiniBatchTrainer plain = trainer(dropout);
      scored.testThenTrain(batch.xs, batch.ys, M);
      plain.train(batch.xs, batch.ys, M);
      assertThat(scored.network()).isEqualTo(plain.network());
    }
  }

  private static void assertScoresTheModelBeforeTheStep(double dropout) {
    MiniBatchTrainer trainer = trainer(dropout);
    Batch batch = new Batch(new Rng(3));
    Network before = trainer.network().copy();

    MiniBatchTrainer.BatchScore score = trainer.testThenTrain(batch.xs, batch.ys, M);

    double cost = 0;
    int correct = 0;
    for (int e = 0; e < M; e++) {
      float[] output = before.feedforward(batch.xs[e]);
      cost += Cost.CROSS_ENTROPY.fn(output, batch.ys[e]);
      correct += Network.predictedClass(output) == Network.predictedClass(batch.ys[e]) ? 1 : 0;
    }
    assertThat(trainer.network()).isNotEqualTo(before);
    assertThat(score.correct()).isEqualTo(correct);
    assertThat(score.costSum()).isCloseTo(cost, org.assertj.core.data.Offset.offset(1e-4));
  }

  private static MiniBatchTrainer trainer(double dropout) {
    Rng rng = new Rng(1);
    Network network = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, rng);
    return new MiniBatchTrainer(network, new Hyperparameters(3.0, 0, Regularization.NONE, 0, dropout, 100), M, rng,
        KernelChoice.SPARSE);
  }

  /** M random inputs and one-hot targets. */
  private static final class Batch {
    final float[][] xs = new float[M][20];
    final float[][] ys = new float[M][];

    Batch(Rng rng) {
      float[][] targets = OneHot.vectors(4);
      for (int e = 0; e < M; e++) {
        for (int i = 0; i < 20; i++) {
          xs[e][i] = rng.nextDouble() < 0.5 ? 0f : (float) rng.nextDouble();
        }
        ys[e] = targets[rng.nextInt(4)];
      }
    }
  }
}
