package streamnet.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Record format version 2 (unlabeled examples) and the predictions topic's format. */
class UnlabeledRecordsTest {

  private static UnlabeledExample randomUnlabeled(int id) {
    byte[] pixels = new byte[Example.PIXELS];
    new Random(id).nextBytes(pixels);
    return new UnlabeledExample(id, pixels);
  }

  @Test
  void anUnlabeledExampleRoundTripsAsVersion2WithItsIdAsKey() {
    UnlabeledExample example = randomUnlabeled(123_456);
    byte[] value = ExampleCodec.encode(example);

    assertThat(value).hasSize(ExampleCodec.UNLABELED_VALUE_LENGTH).startsWith(ExampleCodec.UNLABELED_VERSION);
    assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(123_456);
    assertThat(ExampleCodec.decodeUnlabeled(value)).isEqualTo(example);
    assertThat(ByteBuffer.wrap(ExampleCodec.encodeKey(example)).getInt()).isEqualTo(123_456);
  }

  @Test
  void anUnlabeledExampleSeesItsPixelsAsALabeledOneDoes() {
    UnlabeledExample unlabeled = randomUnlabeled(3);
    Example labeled = new Example(3, Split.TEST, 0, 7, unlabeled.pixels());
    assertThat(unlabeled.image()).containsExactly(labeled.image());
  }

  @Test
  void aLabeledReaderRefusesVersion2AsAVersionProblemNamingIt() {
    byte[] value = ExampleCodec.encode(randomUnlabeled(1));
    assertThatThrownBy(() -> ExampleCodec.decode(value))
        .isInstanceOfSatisfying(InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_VERSION))
        .hasMessageContaining("version 2").hasMessageContaining("unlabeled");
  }

  @Test
  void theServingReaderRefusesLabeledExamplesAndWrongLengths() {
    byte[] labeled = ExampleCodec.encode(new Example(1, Split.TEST, 0, 3, randomUnlabeled(1).pixels()));
    assertThatThrownBy(() -> ExampleCodec.decodeUnlabeled(labeled))
        .isInstanceOfSatisfying(InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_VERSION))
        .hasMessageContaining("version 1");
    byte[] truncated = java.util.Arrays.copyOf(ExampleCodec.encode(randomUnlabeled(2)), 100);
    assertThatThrownBy(() -> ExampleCodec.decodeUnlabeled(truncated))
        .isInstanceOfSatisfying(InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_LENGTH));
    assertThatThrownBy(() -> ExampleCodec.decodeUnlabeled(new byte[0]))
        .isInstanceOfSatisfying(InvalidRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidRecordException.Reason.WRONG_LENGTH));
  }

  @Test
  void aPredictionRoundTripsWithEveryField() {
    float[] activations = {0.1f, 0.2f, 0.9f, 0f, 0f, 0f, 0f, 0f, 0f, 0.3f};
    Prediction prediction = new Prediction(-5, 2, activations, 3, 1L << 40, 1_000L, 1_007L, 990L);
    byte[] value = PredictionCodec.encode(prediction);

    assertThat(value).hasSize(PredictionCodec.HEADER_LENGTH + 40);
    assertThat(PredictionCodec.decode(value)).isEqualTo(prediction);
    assertThat(ByteBuffer.wrap(PredictionCodec.encodeKey(prediction)).getInt()).isEqualTo(-5);
    assertThat(prediction.latencyMillis()).isEqualTo(7);
    assertThat(prediction.modelAgeMillis()).isEqualTo(17);
    assertThat(prediction.confidence()).isEqualTo(0.9f / 1.5f, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void aPredictionRecordOfAnotherFormatOrLengthIsRefused() {
    byte[] value = PredictionCodec.encode(new Prediction(1, 0, new float[10], 0, 0, 0, 0, 0));
    byte[] otherFormat = value.clone();
    otherFormat[0] = 2;
    assertThatThrownBy(() -> PredictionCodec.decode(otherFormat)).hasMessageContaining("format 2");
    assertThatThrownBy(() -> PredictionCodec.decode(java.util.Arrays.copyOf(value, value.length - 1)))
        .hasMessageContaining("10 outputs");
  }
}
