package streamnet.job.serve;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import streamnet.job.DeadLetter;
import streamnet.job.RawRecord;
import streamnet.record.ExampleCodec;
import streamnet.record.InvalidRecordException;

/**
 * Decodes predict-topic records (unlabeled examples, record format version 2) into requests timed
 * by their Kafka timestamp. A record that does not decode is counted and sent to the dead-letter
 * side output with the reason, as the training job's decoder does; it never fails the job.
 */
public final class DecodePredictRequests extends ProcessFunction<RawRecord, PredictRequest> {
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("serving-dead-letters") {};
  private transient Counter deadLettered;

  @Override
  public void open(OpenContext context) {
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLettered");
  }

  @Override
  public void processElement(RawRecord record, Context context, Collector<PredictRequest> out) {
    try {
      out.collect(new PredictRequest(ExampleCodec.decodeUnlabeled(record.value()), requestTime(context)));
    } catch (InvalidRecordException e) {
      deadLettered.inc();
      context.output(DEAD_LETTERS, DeadLetter.ofRecord(record, e.reason() + ": " + e.getMessage()));
    }
  }

  /** The record's Kafka timestamp; a record without one is timed from its arrival here. */
  private static long requestTime(Context context) {
    Long timestamp = context.timestamp();
    return timestamp == null ? System.currentTimeMillis() : timestamp;
  }
}
