package streamnet.cli;

import streamnet.network.data.Dataset;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;
import streamnet.record.UnlabeledExample;

/**
 * The load's request record values, encoded once before the load starts: one per image of a data
 * set, each turned into the request for an id by copying it with that id
 * ({@link ExampleCodec#withUnlabeledId}), so a send neither converts pixels nor encodes a record.
 */
final class PreEncodedRequests {
  private final byte[][] values;

  PreEncodedRequests(Dataset images) {
    values = new byte[images.size()][];
    for (int i = 0; i < values.length; i++) {
      byte[] pixels = Example.ofImage(0, Split.TEST, 0, 0, images.image(i)).pixels();
      values[i] = ExampleCodec.encode(new UnlabeledExample(0, pixels));
    }
  }

  /** The record value of request number {@code n} with {@code id}: image {@code n} of the set, cycled. */
  byte[] value(int n, int id) {
    return ExampleCodec.withUnlabeledId(values[n % values.length], id);
  }
}
