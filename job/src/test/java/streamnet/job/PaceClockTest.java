package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

/**
 * The sync pacing's watermarks: emitted on the record that moves the pace time (alignment then
 * pauses the reader at that record, not a periodic interval later), never moving back, and for
 * the model source reported from the start.
 */
class PaceClockTest {

  /** The watermarks a generator emitted, in order. */
  private static final class Emitted implements WatermarkOutput {
    final List<Long> watermarks = new ArrayList<>();

    @Override
    public void emitWatermark(Watermark watermark) {
      watermarks.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {
      throw new AssertionError("a pace clock never declares its source idle");
    }

    @Override
    public void markActive() {
    }
  }

  @Test
  void aRecordThatMovesThePaceTimeEmitsItsWatermarkAtOnce() {
    PaceClock<String> clock = PaceClock.fromFirstRecord();
    Emitted out = new Emitted();

    clock.onEvent("first of epoch 1", 1_000, out);
    clock.onEvent("second of epoch 1", 1_000, out);
    clock.onEvent("first of epoch 2", 2_000, out);

    assertThat(out.watermarks).containsExactly(999L, 1_999L);
  }

  @Test
  void theWatermarkNeverMovesBack() {
    PaceClock<String> clock = PaceClock.fromFirstRecord();
    Emitted out = new Emitted();

    clock.onEvent("epoch 3", 3_000, out);
    clock.onEvent("a late record of epoch 2", 2_000, out);
    clock.onPeriodicEmit(out);

    assertThat(out.watermarks).containsExactly(2_999L, 2_999L);
  }

  @Test
  void aTrainingReaderReportsNothingBeforeItsFirstRecord() {
    PaceClock<String> clock = PaceClock.fromFirstRecord();
    Emitted out = new Emitted();

    clock.onPeriodicEmit(out);

    assertThat(out.watermarks).isEmpty();
  }

  @Test
  void theModelClockIsReportedBeforeTheFirstModel() {
    PaceClock<String> clock = PaceClock.startingAt(-1);
    Emitted out = new Emitted();

    clock.onPeriodicEmit(out);
    clock.onEvent("version 0, nothing averaged", 0, out);
    clock.onEvent("version 1", 200, out);

    assertThat(out.watermarks).containsExactly(-1L, 199L);
  }
}
