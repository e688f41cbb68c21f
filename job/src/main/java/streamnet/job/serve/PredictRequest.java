package streamnet.job.serve;

import streamnet.record.UnlabeledExample;

/**
 * An unlabeled example to answer, with the time it was requested: its predict-topic record's
 * timestamp (milliseconds since the epoch), from which a prediction's latency is counted.
 */
public record PredictRequest(UnlabeledExample example, long requestedMillis) {}
