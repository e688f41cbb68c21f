package streamnet.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import streamnet.record.ExampleCodec;
import streamnet.record.InvalidRecordException;

/**
 * Checks with the shared codec that each record decodes, one example or a batch, and passes its
 * value on as an {@link ExampleRecord} for the worker to decode after the rebalance. A record that
 * does not decode is counted and sent to the dead-letter side output with the reason, whole (a
 * batch with one bad example included); it never fails the job.
 */
public final class DecodeExamples extends ProcessFunction<RawRecord, ExampleRecord> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  private transient Counter deadLettered;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
  }

  @Override
  public void processElement(RawRecord record, Context context, Collector<ExampleRecord> out) {
    try {
      ExampleCodec.exampleCount(record.value());
      out.collect(new ExampleRecord(record.value()));
    } catch (InvalidRecordException e) {
      deadLettered.inc();
      context.output(DEAD_LETTERS, DeadLetter.ofRecord(record, e.reason() + ": " + e.getMessage()));
    }
  }
}
