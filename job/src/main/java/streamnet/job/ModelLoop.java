package streamnet.job;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import streamnet.job.kafka.EndingSource;

/**
 * The job's feedback loop: the averager publishes each global model version to the model topic
 * through {@link #sink()}, in chunks ({@link ModelChunker}), and the workers read the whole versions
 * back through {@link #source()}. The
 * loop belongs to one run ({@link #runId()}): a reused topic carries other runs' versions too. It
 * closes when the averager publishes a stop update: the source ends after it, so the job finishes.
 */
public final class ModelLoop {
  private final String runId;
  private final Source<ModelUpdate, ?, ?> source;
  private final Sink<ModelChunk> sink;

  /**
   * The loop of run {@code runId} through a topic read by {@code topicSource} (this run's updates,
   * unbounded) and written by {@code sink}.
   */
  public ModelLoop(String runId, Source<ModelUpdate, ?, ?> topicSource, Sink<ModelChunk> sink) {
    this.runId = runId;
    this.source = new EndingSource<>(topicSource, ModelLoop::closesTheLoop);
    this.sink = sink;
  }

  /** Whether {@code update} is the last the loop carries: the averager has stopped the run. */
  public static boolean closesTheLoop(ModelUpdate update) {
    return update.stop();
  }

  /**
   * Whether a worker of run {@code runId} in restore attempt {@code attempt}, following version
   * ({@code generation}, {@code version}), takes {@code update}: it is of this run, published by
   * this attempt or a later one (an earlier attempt's versions were superseded by the restore), and
   * newer than the one followed.
   */
  public static boolean follows(String runId, ModelUpdate update, int attempt, int generation, long version) {
    return update.runId().equals(runId) && update.generation() >= attempt && update.isNewerThan(generation, version);
  }

  public String runId() {
    return runId;
  }

  /** The model versions for the workers, ending after the update that closes the loop. */
  public Source<ModelUpdate, ?, ?> source() {
    return source;
  }

  /** Where the averager's versions go, chunk by chunk. */
  public Sink<ModelChunk> sink() {
    return sink;
  }
}
