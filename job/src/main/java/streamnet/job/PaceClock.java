package streamnet.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermarks of the sync pacing (see {@link TrainingJob}): a record's pace time less one, as
 * soon as a record moves it on. Flink's watermark alignment pauses a source once its own
 * watermark passes the allowed maximum, and it checks on every watermark the source emits; a
 * periodic generator (Flink's {@code forMonotonousTimestamps}) emits only every
 * {@code pipeline.auto-watermark-interval} (200 ms), and a reader hands on thousands of buffered
 * records in that time, several epochs here. Emitting on the record that moves the clock makes a
 * reader stop at that record.
 *
 * <p>A clock can start at a watermark it emits before any record: the model source's starts at
 * "no examples averaged", so the training readers are paced from the first record on. Without it
 * the model source reports nothing until the first model arrives, and alignment paces the readers
 * only against each other meanwhile.
 */
final class PaceClock<T> implements WatermarkGenerator<T> {
  /** The watermark of a clock that has seen nothing: Flink treats it as "not yet reported". */
  private static final long NONE = Long.MIN_VALUE;
  private long watermark;

  /** A clock that reports nothing until its first record. */
  static <T> PaceClock<T> fromFirstRecord() {
    return new PaceClock<>(NONE);
  }

  /** A clock that reports {@code watermark} until a record moves it on. */
  static <T> PaceClock<T> startingAt(long watermark) {
    return new PaceClock<>(watermark);
  }

  private PaceClock(long watermark) {
    this.watermark = watermark;
  }

  @Override
  public void onEvent(T event, long paceTime, WatermarkOutput output) {
    if (paceTime - 1 > watermark) {
      watermark = paceTime - 1;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    if (watermark != NONE) {
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
