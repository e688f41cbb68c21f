package streamnet.job;

import java.util.List;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;

/**
 * A training record's value that {@link DecodeExamples} found to decode: one example (format 1) or
 * a batch of them (format 3, docs/record-format.md). It crosses the rebalance to the workers as
 * these bytes, one stream element per Kafka record, and the worker decodes it: a batch of 100
 * examples costs the network stack one element instead of 100 decoded objects.
 */
public record ExampleRecord(byte[] value) {

  /** The examples of the record, in their order. */
  public List<Example> examples() {
    return ExampleCodec.decodeAll(value);
  }
}
