package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;

/** Records that do not decode go to the dead-letter output with their reason; the rest pass. */
class DecodeExamplesTest {

  @Test
  void corruptRecordsAreDeadLetteredWithTheirReasonAndGoodOnesDecoded() throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new DecodeExamples()));
    harness.open();
    Example good = Examples.random(1, Split.TRAINING, 1).get(0);
    byte[] wrongVersion = ExampleCodec.encode(good);
    wrongVersion[0] = 7;
    byte[] badLabel = ExampleCodec.encode(good);
    badLabel[2] = 12;
    List<byte[]> values = List.of(ExampleCodec.encode(good), wrongVersion, new byte[] {1, 2, 3}, badLabel);
    for (int offset = 0; offset < values.size(); offset++) {
      harness.processElement(new StreamRecord<>(
          new RawRecord("t-train", 0, offset, ExampleCodec.encodeKey(good), values.get(offset))));
    }

    assertThat(harness.extractOutputValues()).extracting(ExampleRecord::examples).containsExactly(List.of(good));
    List<DeadLetter> deadLetters = harness.getSideOutput(DecodeExamples.DEAD_LETTERS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(deadLetters).extracting(letter -> letter.origin().get("source-offset")).containsExactly("1", "2", "3");
    assertThat(deadLetters).extracting(letter -> letter.origin().get("source-topic")).containsOnly("t-train");
    assertThat(deadLetters.get(0).reason()).startsWith("WRONG_VERSION");
    assertThat(deadLetters.get(1).reason()).startsWith("WRONG_LENGTH");
    assertThat(deadLetters.get(2).reason()).startsWith("LABEL_OUT_OF_RANGE");
    assertThat(deadLetters.get(2).value()).isEqualTo(badLabel);
    assertThat(deadLetters.get(2).key()).isEqualTo(ExampleCodec.encodeKey(good));
    harness.close();
  }

  @Test
  void aBatchPassesWholeAndOneBadExampleDeadLettersTheWholeBatch() throws Exception {
    var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new DecodeExamples()));
    harness.open();
    List<Example> examples = Examples.random(5, Split.TRAINING, 2);
    byte[] batch = ExampleCodec.encodeBatch(examples);
    byte[] badLast = batch.clone();
    badLast[3 + 4 * ExampleCodec.VALUE_LENGTH + 2] = 12;
    harness.processElement(new StreamRecord<>(new RawRecord("t-train", 0, 0, ExampleCodec.encodeKey(0), batch)));
    harness.processElement(new StreamRecord<>(new RawRecord("t-train", 0, 1, ExampleCodec.encodeKey(0), badLast)));

    assertThat(harness.extractOutputValues()).extracting(ExampleRecord::examples).containsExactly(examples);
    List<DeadLetter> deadLetters = harness.getSideOutput(DecodeExamples.DEAD_LETTERS).stream()
        .map(StreamRecord::getValue).toList();
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).reason()).startsWith("LABEL_OUT_OF_RANGE");
    assertThat(deadLetters.get(0).value()).isEqualTo(badLast);
    harness.close();
  }
}
