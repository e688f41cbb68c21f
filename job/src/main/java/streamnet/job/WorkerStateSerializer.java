package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import streamnet.record.Example;

/**
 * The worker's state format. Version 3 adds the unsent work's prequential cost sum and correct
 * count at the end (earlier versions read with the unsent training figures in their place: equal
 * without dropout). Version 2 adds the mini-batches trained past the followed model (the
 * delayed mode's staleness) after the contribution in flight; version 1 is the first versioned
 * layout; {@link #readUnversioned} reads the positional layout the job wrote before state carried a
 * version (docs/architecture.md, "State compatibility"). A change to what a worker snapshots adds a
 * version here and keeps reading the earlier ones.
 */
public final class WorkerStateSerializer implements SimpleVersionedSerializer<WorkerState> {
  static final int VERSION = 3;
  static final int VERSION_WITHOUT_PREQUENTIAL = 2;
  static final int VERSION_WITHOUT_STALENESS = 1;
  private static final Worker.Phase[] PHASES = Worker.Phase.values();

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(WorkerState state) throws IOException {
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
      out.writeLong(state.miniBatchesPastModel());
      out.writeInt(state.unsentBatches());
      out.writeLong(state.unsentExamples());
      out.writeDouble(state.unsentCostSum());
      out.writeLong(state.unsentCorrect());
      Snapshots.writeExamples(out, state.batch());
      Snapshots.writeExamples(out, state.buffered());
      out.writeDouble(state.unsentPrequentialCostSum());
      out.writeLong(state.unsentPrequentialCorrect());
    }
    return bytes.toByteArray();
  }

  @Override
  public WorkerState deserialize(int version, byte[] serialized) throws IOException {
    if (version > VERSION || version < VERSION_WITHOUT_STALENESS) {
      throw new IOException("worker state version " + version + " is not one this job reads (1 to " + VERSION + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      Worker.Phase phase = PHASES[in.readByte()];
      int generation = in.readInt();
      long modelVersion = in.readLong();
      boolean inputEnded = in.readBoolean();
      long rngState = in.readLong();
      double eta = in.readDouble();
      float[] parameters = Snapshots.readFloats(in);
      float[] velocity = Snapshots.readFloats(in);
      InFlight inFlight = in.readBoolean() ? new InFlight(Snapshots.readFloats(in), Snapshots.readFloats(in)) : null;
      boolean recordsStaleness = version > VERSION_WITHOUT_STALENESS;
      long recordedStaleness = recordsStaleness ? in.readLong() : 0;
      int unsentBatches = in.readInt();
      long unsentExamples = in.readLong();
      double unsentCostSum = in.readDouble();
      long unsentCorrect = in.readLong();
      List<Example> batch = Snapshots.readExamples(in);
      List<Example> buffered = Snapshots.readExamples(in);
      boolean recordsPrequential = version > VERSION_WITHOUT_PREQUENTIAL;
      double prequentialCostSum = recordsPrequential ? in.readDouble() : unsentCostSum;
      long prequentialCorrect = recordsPrequential ? in.readLong() : unsentCorrect;
      return new WorkerState(phase, generation, modelVersion, inputEnded, rngState, eta, parameters, velocity,
          inFlight, recordsStaleness ? recordedStaleness : stalenessOfEarlierLayouts(unsentBatches),
          unsentBatches, unsentExamples, unsentCostSum, unsentCorrect, prequentialCostSum, prequentialCorrect,
          batch, buffered);
    }
  }

  /**
   * The mini-batches past the followed model, for layouts that did not record them: the unsent
   * batches. With a contribution in flight they were all trained after the followed model (the
   * send came after it), so this is a lower bound: once after the restore the worker may train
   * as many batches past the bound as it had sent; with nothing in flight the bound does not apply
   * (a worker waits only with a contribution in flight, whose average always comes), so an
   * overestimate cannot block it.
   */
  private static long stalenessOfEarlierLayouts(int unsentBatches) {
    return unsentBatches;
  }

  /** The layout of the unversioned worker state (list state "worker" of savepoints before version 1). */
  static WorkerState readUnversioned(byte[] snapshot) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
      int generation = in.readInt();
      long version = in.readLong();
      boolean hasModel = in.readBoolean();
      boolean waiting = in.readBoolean();
      boolean outstanding = in.readBoolean();
      boolean stopped = in.readBoolean();
      boolean inputEnded = in.readBoolean();
      boolean finishedSent = in.readBoolean();
      long rngState = in.readLong();
      double eta = in.readDouble();
      float[] parameters = Snapshots.readFloats(in);
      float[] velocity = Snapshots.readFloats(in);
      float[] sentParameters = Snapshots.readFloats(in);
      float[] sentVelocity = Snapshots.readFloats(in);
      int batches = in.readInt();
      long examples = in.readLong();
      double cost = in.readDouble();
      long correct = in.readLong();
      List<Example> batch = Snapshots.readExamples(in);
      List<Example> buffered = Snapshots.readExamples(in);
      Worker.Phase phase = stopped ? Worker.Phase.STOPPED
          : finishedSent ? Worker.Phase.FINISHED
          : !hasModel ? Worker.Phase.AWAITING_FIRST_MODEL
          : waiting ? Worker.Phase.AWAITING_AVERAGE
          : Worker.Phase.TRAINING;
      InFlight inFlight = waiting ? InFlight.ADOPT_ONLY
          : outstanding ? new InFlight(sentParameters, sentVelocity)
          : null;
      return new WorkerState(phase, generation, version, inputEnded, rngState, eta, parameters, velocity,
          inFlight, stalenessOfEarlierLayouts(batches), batches, examples, cost, correct, cost, correct, batch,
          buffered);
    }
  }
}
