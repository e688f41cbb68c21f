package streamnet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExampleCodecTest {

  private static Example randomExample(Random random) {
    byte[] pixels = new byte[Example.PIXELS];
    random.nextBytes(pixels);
    return new Example(random.nextInt(70_000), Split.values()[random.nextInt(3)], random.nextInt(100), random.nextInt(10), pixels);
  }

  @Test
  void roundTripsEveryFieldAndEveryPixelValue() {
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      Example example = randomExample(random);
      assertThat(ExampleCodec.decode(ExampleCodec.encode(example))).isEqualTo(example);
    }
    byte[] allValues = new byte[Example.PIXELS];
    for (int i = 0; i < allValues.length; i++) {
      allValues[i] = (byte) i;
    }
    Example extremes = new Example(Integer.MAX_VALUE, Split.TEST, Integer.MAX_VALUE, 9, allValues);
    assertThat(ExampleCodec.decode(ExampleCodec.encode(extremes)).pixels()).containsExactly(allValues);
  }

  @Test
  void valueHasTheDocumentedLayout() {
    byte[] pixels = new byte[Example.PIXELS];
    pixels[0] = (byte) 255;
    byte[] value = ExampleCodec.encode(new Example(4242, Split.VALIDATION, 3, 7, pixels));
    ByteBuffer buffer = ByteBuffer.wrap(value);
    assertThat(value).hasSize(795);
    assertThat(buffer.get()).isEqualTo((byte) 1);
    assertThat(buffer.get()).isEqualTo((byte) 1);
    assertThat(buffer.get()).isEqualTo((byte) 7);
    assertThat(buffer.getInt()).isEqualTo(3);
    assertThat(buffer.getInt()).isEqualTo(4242);
    assertThat(buffer.get() & 0xFF).isEqualTo(255);
  }

  @Test
  void keyIsTheBigEndianExampleId() {
    Example example = new Example(0x01020304, Split.TRAINING, 1, 0, new byte[Example.PIXELS]);
    assertThat(ExampleCodec.encodeKey(example)).containsExactly(1, 2, 3, 4);
  }

  @Test
  void decodedImageIsBytesOver255AndConvertsBackExactly() {
    byte[] pixels = new byte[Example.PIXELS];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (byte) (i % 256);
    }
    Example example = new Example(1, Split.TRAINING, 1, 5, pixels);
    float[] image = ExampleCodec.decode(ExampleCodec.encode(example)).image();
    assertThat(image[255]).isEqualTo(1f);
    assertThat(image[128]).isEqualTo(128 / 255f);
    assertThat(Example.ofImage(1, Split.TRAINING, 1, 5, image)).isEqualTo(example);
  }

  @Test
  void rejectsAnotherVersion() {
    byte[] value = ExampleCodec.encode(randomExample(new Random(1)));
    value[0] = 2;
    assertThatThrownBy(() -> ExampleCodec.decode(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_VERSION))
        .hasMessageContaining("version 2");
  }

  @Test
  void rejectsAWrongLength() {
    byte[] value = ExampleCodec.encode(randomExample(new Random(2)));
    byte[] truncated = java.util.Arrays.copyOf(value, value.length - 1);
    byte[] padded = java.util.Arrays.copyOf(value, value.length + 1);
    for (byte[] wrong : new byte[][] {truncated, padded, new byte[0], null}) {
      assertThatThrownBy(() -> ExampleCodec.decode(wrong))
          .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_LENGTH));
    }
  }

  @Test
  void rejectsALabelOutsideZeroToNine() {
    byte[] value = ExampleCodec.encode(randomExample(new Random(3)));
    value[2] = (byte) 200;
    assertThatThrownBy(() -> ExampleCodec.decode(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.LABEL_OUT_OF_RANGE))
        .hasMessageContaining("label 200");
    value[2] = 10;
    assertThatThrownBy(() -> ExampleCodec.decode(value)).hasMessageContaining("label 10");
  }

  @Test
  void rejectsAnUnknownSplit() {
    byte[] value = ExampleCodec.encode(randomExample(new Random(4)));
    value[1] = 9;
    assertThatThrownBy(() -> ExampleCodec.decode(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.UNKNOWN_SPLIT));
  }

  @Test
  void epochIsReadWithoutDecodingAndMinusOneForMalformedValues() {
    Example example = new Example(7, Split.TRAINING, 12, 3, new byte[Example.PIXELS]);
    assertThat(ExampleCodec.epochOf(ExampleCodec.encode(example))).isEqualTo(12);
    assertThat(ExampleCodec.epochOf(new byte[] {1, 2, 3})).isEqualTo(-1);
    byte[] otherVersion = ExampleCodec.encode(example);
    otherVersion[0] = 2;
    assertThat(ExampleCodec.epochOf(otherVersion)).isEqualTo(-1);
  }

  private static List<Example> randomExamples(Random random, int n) {
    List<Example> examples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      examples.add(randomExample(random));
    }
    return examples;
  }

  private static void assertRefused(byte[] value, InvalidRecordException.Reason reason) {
    assertThatThrownBy(() -> ExampleCodec.decodeAll(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    assertThatThrownBy(() -> ExampleCodec.exampleCount(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void batchRoundTripsEveryExampleInOrderAndIsCounted() {
    Random random = new Random(11);
    for (int n : new int[] {1, 2, 7, 100, ExampleCodec.MAX_BATCH}) {
      List<Example> examples = randomExamples(random, n);
      byte[] value = ExampleCodec.encodeBatch(examples);
      assertThat(ExampleCodec.decodeAll(value)).containsExactlyElementsOf(examples);
      assertThat(ExampleCodec.exampleCount(value)).isEqualTo(n);
    }
  }

  @Test
  void batchValueIsVersionCountThenTheVersionOneValues() {
    List<Example> examples = randomExamples(new Random(12), 3);
    byte[] value = ExampleCodec.encodeBatch(examples);
    assertThat(value).hasSize(3 + 3 * ExampleCodec.VALUE_LENGTH);
    assertThat(value[0]).isEqualTo((byte) 3);
    assertThat(ByteBuffer.wrap(value, 1, 2).getShort()).isEqualTo((short) 3);
    for (int i = 0; i < 3; i++) {
      byte[] one = new byte[ExampleCodec.VALUE_LENGTH];
      System.arraycopy(value, 3 + i * ExampleCodec.VALUE_LENGTH, one, 0, one.length);
      assertThat(one).containsExactly(ExampleCodec.encode(examples.get(i)));
    }
    assertThat(ExampleCodec.epochOf(value)).isEqualTo(examples.get(0).epoch());
  }

  @Test
  void decodeAllReadsASingleExampleAsOne() {
    Example example = randomExample(new Random(13));
    assertThat(ExampleCodec.decodeAll(ExampleCodec.encode(example))).containsExactly(example);
    assertThat(ExampleCodec.exampleCount(ExampleCodec.encode(example))).isEqualTo(1);
  }

  @Test
  void batchesOfTheWrongSizeOrCountAreRefused() {
    byte[] value = ExampleCodec.encodeBatch(randomExamples(new Random(14), 4));
    assertRefused(java.util.Arrays.copyOf(value, value.length - 1), InvalidRecordException.Reason.WRONG_LENGTH);
    assertRefused(java.util.Arrays.copyOf(value, value.length + ExampleCodec.VALUE_LENGTH), InvalidRecordException.Reason.WRONG_LENGTH);
    assertRefused(new byte[] {3}, InvalidRecordException.Reason.WRONG_LENGTH);
    assertRefused(new byte[] {3, 0, 0}, InvalidRecordException.Reason.WRONG_LENGTH);
    byte[] tooMany = value.clone();
    ByteBuffer.wrap(tooMany, 1, 2).putShort((short) (ExampleCodec.MAX_BATCH + 1));
    assertRefused(tooMany, InvalidRecordException.Reason.WRONG_LENGTH);
    assertThat(ExampleCodec.epochOf(java.util.Arrays.copyOf(value, 3 + ExampleCodec.VALUE_LENGTH - 1))).isEqualTo(-1);
    assertThatThrownBy(() -> ExampleCodec.encodeBatch(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ExampleCodec.encodeBatch(randomExamples(new Random(15), ExampleCodec.MAX_BATCH + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBadFieldInTheLastExampleOfABatchRefusesTheWholeRecord() {
    int last = 3 + 4 * ExampleCodec.VALUE_LENGTH;
    byte[] value = ExampleCodec.encodeBatch(randomExamples(new Random(16), 5));
    byte[] badVersion = value.clone();
    badVersion[last] = 2;
    assertRefused(badVersion, InvalidRecordException.Reason.WRONG_VERSION);
    byte[] badSplit = value.clone();
    badSplit[last + 1] = 3;
    assertRefused(badSplit, InvalidRecordException.Reason.UNKNOWN_SPLIT);
    byte[] badLabel = value.clone();
    badLabel[last + 2] = 10;
    assertRefused(badLabel, InvalidRecordException.Reason.LABEL_OUT_OF_RANGE);
    byte[] badEpoch = value.clone();
    ByteBuffer.wrap(badEpoch, last + 3, 4).putInt(-1);
    assertRefused(badEpoch, InvalidRecordException.Reason.NEGATIVE_EPOCH);
  }

  @Test
  void decodeNamesABatchAsSuchAndReadsOnlyOneExample() {
    byte[] value = ExampleCodec.encodeBatch(randomExamples(new Random(17), 2));
    assertThatThrownBy(() -> ExampleCodec.decode(value))
        .isInstanceOfSatisfying(InvalidRecordException.class, e -> {
          assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_VERSION);
          assertThat(e.getMessage()).contains("a batch of labeled examples");
        });
  }
}
