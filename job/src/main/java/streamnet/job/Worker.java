package streamnet.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import streamnet.network.MiniBatchTrainer;
import streamnet.network.Network;
import streamnet.network.OneHot;
import streamnet.network.Rng;
import streamnet.record.Example;

/**
 * One training replica and its side of the averaging protocol (docs/architecture.md), free of
 * Flink so it can be tested directly. Examples arrive one by one; every m make a mini-batch; every
 * k mini-batches the replica's parameters go to the averager as a {@link Contribution}. Until the
 * first model arrives, and in sync mode while an average is pending, examples are buffered.
 */
public final class Worker {
  private final int index;
  private final int attempt;
  private final String runId;
  private final JobSettings settings;
  private final Network replica;
  private final MiniBatchTrainer trainer;
  private final Rng rng;
  private final float[][] targets;
  private final float[][] xs;
  private final float[][] ys;
  private final ArrayDeque<Example> buffered = new ArrayDeque<>();
  private final List<Example> batch = new ArrayList<>();

  private int generation = -1;
  private long version = -1;
  private boolean hasModel;
  private boolean waiting;
  private boolean outstanding;
  private boolean stopped;
  private boolean inputEnded;
  private boolean finishedSent;
  private float[] sentParameters;
  private float[] sentVelocity;
  private int batchesSinceSend;
  private long examplesSinceSend;
  private double costSinceSend;
  private long correctSinceSend;
  private long waitingReported;

  private final WorkerStatistics statistics = new WorkerStatistics();

  /**
   * Worker {@code index} of run {@code runId} in execution attempt {@code attempt} (Flink's attempt
   * number: the averager of this attempt publishes under that generation).
   */
  public Worker(int index, String runId, int attempt, JobSettings settings) {
    this.index = index;
    this.attempt = attempt;
    this.runId = runId;
    this.settings = settings;
    this.rng = new Rng(settings.training().seed() * 1_000_003L + index);
    this.replica = Network.zeros(settings.training().architecture());
    this.trainer = new MiniBatchTrainer(
        replica, settings.training().hyperparameters(), settings.training().miniBatch(), rng);
    this.targets = OneHot.vectors(replica.architecture().outputSize());
    this.xs = new float[settings.training().miniBatch()][Example.PIXELS];
    this.ys = new float[settings.training().miniBatch()][];
  }

  /** Counters for the dashboard. */
  public WorkerStatistics statistics() {
    return statistics;
  }

  /**
   * Examples held until a model arrives (all before the first, and in sync mode those that come
   * while an average is pending): they ride in every checkpoint, so the dashboard shows them.
   */
  public int bufferedExamples() {
    return buffered.size();
  }

  /** Whether the worker has sent its last contribution (or was told to stop). */
  public boolean isDone() {
    return finishedSent || stopped;
  }

  /** Trains on, or buffers, one training example. */
  public void onExample(Example example, Consumer<Contribution> out) {
    if (stopped) {
      return;
    }
    if (!hasModel || waiting) {
      buffered.add(example);
      return;
    }
    train(example, out);
  }

  /**
   * Follows a newer global model: adopts it (or folds it in), then trains what was buffered.
   * Versions of earlier attempts (replayed from the model topic after a restart) are ignored. A
   * restarted averager republishes the version it restored: if that is the version this worker
   * restored too, its replica and its unsent work stay as they are.
   */
  public void onModel(ModelUpdate update, Consumer<Contribution> out) {
    if (!ModelLoop.follows(runId, update, attempt, generation, version)) {
      return;
    }
    boolean republished = update.version() == version;
    generation = update.generation();
    if (republished) {
      if (update.stop()) {
        stop();
      }
      return;
    }
    if (settings.mode() == AveragingMode.DELAYED && outstanding) {
      foldIn(update);
    } else {
      adopt(update);
    }
    version = update.version();
    hasModel = true;
    outstanding = false;
    statistics.modelArrived(waiting);
    waiting = false;
    trainer.setEta(update.eta());
    if (update.stop()) {
      stop();
      return;
    }
    drainBuffer(out);
    // Draining may already have sent (and be waiting on) a contribution: one in flight at a time.
    if (settings.mode() == AveragingMode.DELAYED && !outstanding
        && batchesSinceSend >= settings.averageEvery()) {
      send(false, out);
    }
    finishIfInputEnded(out);
  }

  /** The training input has ended: once everything buffered is trained, send the last contribution. */
  public void onInputEnded(Consumer<Contribution> out) {
    inputEnded = true;
    finishIfInputEnded(out);
  }

  private void train(Example example, Consumer<Contribution> out) {
    batch.add(example);
    if (batch.size() == settings.training().miniBatch()) {
      trainBatch(out);
    }
  }

  private void trainBatch(Consumer<Contribution> out) {
    int m = batch.size();
    for (int e = 0; e < m; e++) {
      Example example = batch.get(e);
      example.imageInto(xs[e]);
      ys[e] = targets[example.label()];
    }
    trainer.train(xs, ys, m);
    costSinceSend += trainer.lastBatchCost(ys, m);
    correctSinceSend += trainer.lastBatchCorrect(ys, m);
    examplesSinceSend += m;
    batchesSinceSend++;
    statistics.trained(m);
    batch.clear();
    if (batchesSinceSend >= settings.averageEvery() && !outstanding) {
      send(false, out);
    }
  }

  private void send(boolean finished, Consumer<Contribution> out) {
    long waited = statistics.waitingMillis();
    Contribution contribution = new Contribution(
        index, generation, version, examplesSinceSend, costSinceSend, correctSinceSend,
        waited - waitingReported, finished, replica.toFlat(), velocityFlat());
    waitingReported = waited;
    batchesSinceSend = 0;
    examplesSinceSend = 0;
    costSinceSend = 0;
    correctSinceSend = 0;
    if (settings.mode() == AveragingMode.SYNC) {
      waiting = !finished;
      statistics.startedWaiting(waiting);
    } else {
      outstanding = !finished;
      sentParameters = contribution.parameters();
      sentVelocity = contribution.velocity();
    }
    out.accept(contribution);
  }

  private void drainBuffer(Consumer<Contribution> out) {
    while (!waiting && !stopped && !buffered.isEmpty()) {
      train(buffered.poll(), out);
    }
  }

  private void finishIfInputEnded(Consumer<Contribution> out) {
    if (!inputEnded || finishedSent || stopped || !hasModel || waiting || outstanding
        || !buffered.isEmpty()) {
      return;
    }
    if (!batch.isEmpty()) {
      trainBatch(out);
    }
    if (!waiting && !outstanding) {
      send(true, out);
      finishedSent = true;
    }
  }

  /** Replaces the replica by the global model. */
  private void adopt(ModelUpdate update) {
    replica.setFlat(update.parameters());
    if (trainer.velocity() != null && update.velocity().length > 0) {
      trainer.velocity().setFlat(update.velocity());
    }
  }

  /** Delayed mode: w ← w_avg + (w_now − w_sent), keeping what was learned while the average was away. */
  private void foldIn(ModelUpdate update) {
    replica.rebase(update.parameters(), sentParameters);
    if (trainer.velocity() != null && update.velocity().length > 0) {
      trainer.velocity().rebase(update.velocity(), sentVelocity);
    }
  }

  private void stop() {
    stopped = true;
    buffered.clear();
    batch.clear();
  }

  private float[] velocityFlat() {
    return trainer.velocity() == null ? new float[0] : trainer.velocity().toFlat();
  }

  /** Everything needed to continue exactly where this worker is: replica, velocity, RNG, buffers. */
  public byte[] snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(generation);
      out.writeLong(version);
      out.writeBoolean(hasModel);
      out.writeBoolean(waiting);
      out.writeBoolean(outstanding);
      out.writeBoolean(stopped);
      out.writeBoolean(inputEnded);
      out.writeBoolean(finishedSent);
      out.writeLong(rng.state());
      out.writeDouble(trainer.hyperparameters().eta());
      Snapshots.writeFloats(out, replica.toFlat());
      Snapshots.writeFloats(out, velocityFlat());
      Snapshots.writeFloats(out, sentParameters == null ? new float[0] : sentParameters);
      Snapshots.writeFloats(out, sentVelocity == null ? new float[0] : sentVelocity);
      out.writeInt(batchesSinceSend);
      out.writeLong(examplesSinceSend);
      out.writeDouble(costSinceSend);
      out.writeLong(correctSinceSend);
      Snapshots.writeExamples(out, batch);
      Snapshots.writeExamples(out, buffered);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Continues from snapshots. One snapshot restores this worker exactly; several (the job was
   * rescaled to fewer workers) are merged: the first gives the replica, every one gives its
   * unfinished examples, so none is lost. The next global model replaces the replica anyway.
   */
  public void restore(List<byte[]> snapshots) {
    for (int s = 0; s < snapshots.size(); s++) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshots.get(s)))) {
        restoreOne(in, s == 0);
      } catch (IOException e) {
        throw new UncheckedIOException("corrupt worker snapshot", e);
      }
    }
  }

  private void restoreOne(DataInputStream in, boolean first) throws IOException {
    int savedGeneration = in.readInt();
    long savedVersion = in.readLong();
    boolean savedHasModel = in.readBoolean();
    boolean savedWaiting = in.readBoolean();
    boolean savedOutstanding = in.readBoolean();
    boolean savedStopped = in.readBoolean();
    boolean savedInputEnded = in.readBoolean();
    boolean savedFinishedSent = in.readBoolean();
    long rngState = in.readLong();
    double eta = in.readDouble();
    float[] parameters = Snapshots.readFloats(in);
    float[] velocity = Snapshots.readFloats(in);
    float[] sent = Snapshots.readFloats(in);
    float[] sentV = Snapshots.readFloats(in);
    int savedBatches = in.readInt();
    long savedExamples = in.readLong();
    double savedCost = in.readDouble();
    long savedCorrect = in.readLong();
    List<Example> savedBatch = Snapshots.readExamples(in);
    List<Example> savedBuffer = Snapshots.readExamples(in);
    if (first) {
      generation = savedGeneration;
      version = savedVersion;
      hasModel = savedHasModel;
      waiting = savedWaiting;
      outstanding = savedOutstanding;
      stopped = savedStopped;
      inputEnded = savedInputEnded;
      finishedSent = savedFinishedSent;
      rng.setState(rngState);
      trainer.setEta(eta);
      replica.setFlat(parameters);
      if (trainer.velocity() != null && velocity.length > 0) {
        trainer.velocity().setFlat(velocity);
      }
      sentParameters = sent.length == 0 ? null : sent;
      sentVelocity = sentV.length == 0 ? null : sentV;
      batchesSinceSend = savedBatches;
      examplesSinceSend = savedExamples;
      costSinceSend = savedCost;
      correctSinceSend = savedCorrect;
      batch.addAll(savedBatch);
    } else {
      buffered.addAll(savedBatch);
    }
    buffered.addAll(savedBuffer);
  }
}
