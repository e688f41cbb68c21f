package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import streamnet.network.Rng;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/** Generated examples in the record format: sparse random pixels, labels tied to the ink's position. */
final class Examples {
  private Examples() {}

  static List<Example> random(int count, Split split, long seed) {
    Rng rng = new Rng(seed);
    List<Example> examples = new ArrayList<>(count);
    for (int id = 0; id < count; id++) {
      int label = rng.nextInt(10);
      byte[] pixels = new byte[Example.PIXELS];
      for (int i = 0; i < 120; i++) {
        int row = 2 * label + rng.nextInt(8);
        int column = rng.nextInt(28);
        pixels[row * 28 + column] = (byte) (128 + rng.nextInt(128));
      }
      examples.add(new Example(id, split, split == Split.TRAINING ? 1 : 0, label, pixels));
    }
    return examples;
  }

  /** {@code example} as the worker receives it: its format-1 record value. */
  static ExampleRecord record(Example example) {
    return new ExampleRecord(ExampleCodec.encode(example));
  }

  /** {@code examples} as the Kafka records the producer writes (one partition, offsets in order). */
  static List<RawRecord> records(List<Example> examples) {
    List<RawRecord> records = new ArrayList<>(examples.size());
    for (int offset = 0; offset < examples.size(); offset++) {
      Example example = examples.get(offset);
      records.add(new RawRecord(example.split().topicSuffix(), 0, offset, ExampleCodec.encodeKey(example),
          ExampleCodec.encode(example)));
    }
    return records;
  }

  /**
   * The validation and test topics of the harness tests, {@code perSet} examples each (seeds 1 and
   * 2), as the averager's reference reader returns them.
   */
  static List<RawRecord> referenceRecords(int perSet) {
    List<Example> examples = new ArrayList<>(random(perSet, Split.VALIDATION, 1));
    examples.addAll(random(perSet, Split.TEST, 2));
    return records(examples);
  }
}
