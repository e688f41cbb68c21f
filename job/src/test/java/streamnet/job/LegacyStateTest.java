package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.train.TrainingSettings;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * Operator state of the unversioned format (state-fixtures/unversioned, written by the operators
 * before state carried a version) restored into today's operators, which must continue exactly as
 * the old ones did after the snapshot: the same contributions, the same published versions.
 */
class LegacyStateTest {
  private static final String RUN = "harness";
  private static final String FIXTURES = "/state-fixtures/unversioned/";
  private static final Architecture WORKER_ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 8, 10);
  private static final Architecture AVERAGER_ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, 784, 6, 10);
  private static final JobSettings AVERAGER = new JobSettings(
      new TrainingSettings(AVERAGER_ARCHITECTURE, WeightInitializer.DEFAULT,
          new Hyperparameters(0.5, 1.0, Regularization.L2, 0, 0, 40), 5, 50, 2, true, 3),
      2, 1, AveragingMode.SYNC, 40);

  /** The generator's settings; the old job had no staleness bound, so it is out of reach here. */
  private static JobSettings worker(AveragingMode mode) {
    TrainingSettings training = new TrainingSettings(WORKER_ARCHITECTURE, WeightInitializer.DEFAULT,
        new Hyperparameters(0.5, 1.0, Regularization.L2, 0.5, 0.2, 1000), 4, 10, 0, false, 3);
    return new JobSettings(training, 2, 2, mode, 1000, Integer.MAX_VALUE);
  }

  private static ModelUpdate model(int generation, long version, long seed) {
    Network network = Network.create(WORKER_ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(seed));
    return new ModelUpdate(
        RUN, generation, version, 0, 0, 0.5, false, network.toFlat(), new float[network.parameterCount()]);
  }

  @Test
  void syncWorkerStateOfTheUnversionedFormatContinuesAsTheOldOperatorDid() throws Exception {
    assertWorkerContinuesAsRecorded(AveragingMode.SYNC);
  }

  @Test
  void delayedWorkerStateOfTheUnversionedFormatContinuesAsTheOldOperatorDid() throws Exception {
    assertWorkerContinuesAsRecorded(AveragingMode.DELAYED);
  }

  /** The fixture's worker had model (0, 0) and examples 0..10; the generator then fed these. */
  private static void assertWorkerContinuesAsRecorded(AveragingMode mode) throws Exception {
    List<Example> examples = Examples.random(60, Split.TRAINING, 11);
    var harness = new TwoInputStreamOperatorTestHarness<>(new WorkerOperator(RUN, worker(mode)));
    harness.setup();
    harness.initializeState(snapshot("worker-" + mode.id() + ".snapshot"));
    harness.open();
    harness.processElement2(new StreamRecord<>(model(1, 1, 2)));
    for (int i = 11; i < 40; i++) {
      harness.processElement1(new StreamRecord<>(Examples.record(examples.get(i))));
    }
    harness.processElement2(new StreamRecord<>(model(1, 2, 3)));
    for (int i = 40; i < 60; i++) {
      harness.processElement1(new StreamRecord<>(Examples.record(examples.get(i))));
    }
    harness.processElement2(new StreamRecord<>(model(1, 3, 4)));
    harness.endInput1();

    List<Contribution> contributions = HarnessOutput.contributions(harness);
    try (DataInputStream recorded = fixture("worker-" + mode.id() + ".continuation")) {
      int count = recorded.readInt();
      assertThat(contributions).hasSize(count);
      for (int c = 0; c < count; c++) {
        Contribution actual = contributions.get(c);
        assertThat(actual.baseVersion()).as("contribution %d base version", c).isEqualTo(recorded.readLong());
        assertThat(actual.examples()).as("contribution %d examples", c).isEqualTo(recorded.readLong());
        assertThat(actual.costSum()).as("contribution %d cost", c).isEqualTo(recorded.readDouble());
        assertThat(actual.correct()).as("contribution %d correct", c).isEqualTo(recorded.readLong());
        assertThat(actual.finished()).as("contribution %d finished", c).isEqualTo(recorded.readBoolean());
        assertThat(actual.parameters()).as("contribution %d parameters", c)
            .containsExactly(Snapshots.readFloats(recorded));
        assertThat(actual.velocity()).as("contribution %d velocity", c)
            .containsExactly(Snapshots.readFloats(recorded));
      }
      assertThat(recorded.read()).as("end of the recording").isEqualTo(-1);
    }
    harness.close();
  }

  /**
   * The fixture's averager had closed five rounds and held worker 0's report for the sixth. The
   * reference sets are read again (they are no longer in the state); the version the restore
   * republishes is not in the recording, the old operator's continuation did not restart.
   */
  @Test
  void averagerStateOfTheUnversionedFormatContinuesAsTheOldOperatorDid() throws Exception {
    var harness = AveragingHarness.restore(RUN, AVERAGER, () -> Examples.referenceRecords(30),
        new AveragingHarness.Snapshot(List.of(snapshot("averager.snapshot")), null));
    List<ModelUpdate> republished = harness.published();
    assertThat(republished).extracting(ModelUpdate::version).as("the open round waits for worker 1")
        .containsExactly(5L);

    harness.contribute(contribution(1, harness.latest(), 51));
    for (int round = 6; round < 20; round++) {
      ModelUpdate latest = harness.latest();
      harness.contribute(contribution(0, latest, 10 * round));
      harness.contribute(contribution(1, latest, 10 * round + 1));
    }

    List<ModelUpdate> published = harness.published();
    List<ModelUpdate> continuation = published.subList(1, published.size());
    try (DataInputStream recorded = fixture("averager.continuation")) {
      int count = recorded.readInt();
      assertThat(continuation).hasSize(count);
      for (int u = 0; u < count; u++) {
        ModelUpdate actual = continuation.get(u);
        assertThat(actual.version()).as("update %d version", u).isEqualTo(recorded.readLong());
        assertThat(actual.epoch()).as("update %d epoch", u).isEqualTo(recorded.readInt());
        assertThat(actual.eta()).as("update %d eta", u).isEqualTo(recorded.readDouble());
        assertThat(actual.stop()).as("update %d stop", u).isEqualTo(recorded.readBoolean());
        assertThat(actual.parameters()).as("update %d parameters", u)
            .containsExactly(Snapshots.readFloats(recorded));
      }
      assertThat(recorded.read()).as("end of the recording").isEqualTo(-1);
    }
    harness.close();
  }

  /** A worker's report on top of {@code base}, as the generator made them: 10 + worker examples. */
  private static Contribution contribution(int worker, ModelUpdate base, long seed) {
    Rng rng = new Rng(seed);
    float[] parameters = base.parameters().clone();
    for (int p = 0; p < parameters.length; p++) {
      parameters[p] += (float) (0.01 * rng.nextGaussian());
    }
    return new Contribution(
        worker, base.generation(), base.version(), 10 + worker, 3.0, 7, 0, false, parameters, new float[0]);
  }

  private static OperatorSubtaskState snapshot(String name) throws IOException, ClassNotFoundException {
    try {
      return OperatorSnapshotUtil.readStateHandle(
          Path.of(LegacyStateTest.class.getResource(FIXTURES + name).toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static DataInputStream fixture(String name) {
    InputStream in = LegacyStateTest.class.getResourceAsStream(FIXTURES + name);
    assertThat(in).as(name).isNotNull();
    return new DataInputStream(in);
  }
}
