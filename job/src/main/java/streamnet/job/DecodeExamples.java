package streamnet.job;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.InvalidRecordException;

/**
 * Decodes records with the shared codec. A record that does not decode is counted and sent to the
 * dead-letter side output with the reason; it never fails the job.
 */
public final class DecodeExamples extends ProcessFunction<RawRecord, Example> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  private transient Counter deadLettered;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
  }

  @Override
  public void processElement(RawRecord record, Context context, Collector<Example> out) {
    try {
      out.collect(ExampleCodec.decode(record.value()));
    } catch (InvalidRecordException e) {
      deadLettered.inc();
      context.output(DEAD_LETTERS, new DeadLetter(record, e.reason() + ": " + e.getMessage()));
    }
  }
}
