package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import streamnet.record.Example;
import streamnet.record.Split;

/** Worker state of every shipped version reads with the current serializer. */
class WorkerStateSerializerTest {
  private static final List<Example> EXAMPLES = Examples.random(5, Split.TRAINING, 4);

  private static WorkerState delayedWorkerWithAContributionInFlight(long miniBatchesPastModel) {
    return new WorkerState(Worker.Phase.TRAINING, 1, 4, false, 42, 0.25, new float[] {1, 2, 3}, new float[0],
        new InFlight(new float[] {0.5f, 1.5f, 2.5f}, new float[0]), miniBatchesPastModel, 3, 30, 12.5, 20, 11.0, 21,
        EXAMPLES.subList(0, 2), EXAMPLES.subList(2, 5));
  }

  // Catches: the prequential sums not written or read back (a restored worker would lose the
  // counts of its unsent work, or count its training figures in their place).
  @Test
  void versionThreeKeepsTheMiniBatchesPastTheModelAndThePrequentialSums() throws IOException {
    WorkerStateSerializer serializer = new WorkerStateSerializer();

    WorkerState read = serializer.deserialize(serializer.getVersion(),
        serializer.serialize(delayedWorkerWithAContributionInFlight(7)));

    assertThat(serializer.getVersion()).isEqualTo(3);
    assertThat(read.miniBatchesPastModel()).isEqualTo(7);
    assertThat(read.unsentBatches()).isEqualTo(3);
    assertThat(read.unsentCostSum()).isEqualTo(12.5);
    assertThat(read.unsentPrequentialCostSum()).isEqualTo(11.0);
    assertThat(read.unsentPrequentialCorrect()).isEqualTo(21);
    assertThat(read.buffered()).hasSize(3);
  }

  /**
   * Version 2 is version 3 without its trailer (the prequential cost sum and correct count, 16
   * bytes): it reads with the unsent training figures in their place.
   */
  @Test
  void versionTwoReadsWithTheTrainingFiguresAsThePrequentialOnes() throws IOException {
    WorkerStateSerializer serializer = new WorkerStateSerializer();
    byte[] three = serializer.serialize(delayedWorkerWithAContributionInFlight(7));

    WorkerState read = serializer.deserialize(2, java.util.Arrays.copyOf(three, three.length - 16));

    assertThat(read.miniBatchesPastModel()).isEqualTo(7);
    assertThat(read.unsentPrequentialCostSum()).isEqualTo(12.5);
    assertThat(read.unsentPrequentialCorrect()).isEqualTo(20);
    assertThat(read.buffered()).extracting(Example::id).containsExactly(2, 3, 4);
  }

  /** Version 1 did not record the staleness: it reads as the unsent batches (see the serializer). */
  @Test
  void versionOneReadsWithTheUnsentBatchesAsTheMiniBatchesPastTheModel() throws IOException {
    WorkerState written = delayedWorkerWithAContributionInFlight(7);

    WorkerState read = new WorkerStateSerializer().deserialize(1, versionOne(written));

    assertThat(read.miniBatchesPastModel()).isEqualTo(3);
    assertThat(read.phase()).isEqualTo(Worker.Phase.TRAINING);
    assertThat(read.version()).isEqualTo(4);
    assertThat(read.inFlight().parameters()).containsExactly(0.5f, 1.5f, 2.5f);
    assertThat(read.unsentBatches()).isEqualTo(3);
    assertThat(read.unsentExamples()).isEqualTo(30);
    assertThat(read.unsentCostSum()).isEqualTo(12.5);
    assertThat(read.unsentCorrect()).isEqualTo(20);
    assertThat(read.unsentPrequentialCorrect()).isEqualTo(20);
    assertThat(read.batch()).extracting(Example::id).containsExactly(0, 1);
    assertThat(read.buffered()).extracting(Example::id).containsExactly(2, 3, 4);
  }

  /** The layout version 1 of WorkerStateSerializer wrote, kept here as the fixture's writer. */
  private static byte[] versionOne(WorkerState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(state.phase().ordinal());
      out.writeInt(state.generation());
      out.writeLong(state.version());
      out.writeBoolean(state.inputEnded());
      out.writeLong(state.rngState());
      out.writeDouble(state.eta());
      Snapshots.writeFloats(out, state.parameters());
      Snapshots.writeFloats(out, state.velocity());
      out.writeBoolean(state.inFlight() != null);
      if (state.inFlight() != null) {
        Snapshots.writeFloats(out, state.inFlight().parameters());
        Snapshots.writeFloats(out, state.inFlight().velocity());
      }
      out.writeInt(state.unsentBatches());
      out.writeLong(state.unsentExamples());
      out.writeDouble(state.unsentCostSum());
      out.writeLong(state.unsentCorrect());
      Snapshots.writeExamples(out, state.batch());
      Snapshots.writeExamples(out, state.buffered());
    }
    return bytes.toByteArray();
  }
}
