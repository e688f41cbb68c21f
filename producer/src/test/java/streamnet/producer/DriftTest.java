package streamnet.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import streamnet.record.Example;
import streamnet.record.Split;

/** Each drift's effect on one record, and where the drift begins. */
class DriftTest {
  private static final int SIDE = 28;

  /** An example whose pixel (row, column) is {@code 1 + row + column} (so none is 0 or 255), label 3. */
  private static Example gradient() {
    byte[] pixels = new byte[Example.PIXELS];
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        pixels[r * SIDE + c] = (byte) (1 + r + c * 3);
      }
    }
    return new Example(17, Split.TRAINING, 2, 3, pixels);
  }

  private static int pixel(Example example, int row, int column) {
    return example.pixels()[row * SIDE + column] & 0xFF;
  }

  // Catches: a counter-clockwise turn, a transpose or a flip instead of the clockwise quarter turn;
  // id, epoch, split or label changed.
  @Test
  void rotate90TurnsTheImageAQuarterClockwiseAndKeepsTheRest() {
    Example original = gradient();
    Example turned = new Drift(0, Drift.Kind.ROTATE90, 1).transform(original);
    for (int r = 0; r < SIDE; r++) {
      for (int c = 0; c < SIDE; c++) {
        assertThat(pixel(turned, c, SIDE - 1 - r)).as("(%d, %d)", r, c).isEqualTo(pixel(original, r, c));
      }
    }
    // The top-left corner goes to the top-right: clockwise.
    assertThat(pixel(turned, 0, SIDE - 1)).isEqualTo(pixel(original, 0, 0));
    assertThat(turned.label()).isEqualTo(3);
    assertThat(turned.id()).isEqualTo(17);
    assertThat(turned.epoch()).isEqualTo(2);
    assertThat(turned.split()).isEqualTo(Split.TRAINING);
  }

  // Catches: inversion as -x or ~x on signed bytes done wrong, or the label touched.
  @Test
  void invertMakesEveryPixel255MinusItself() {
    Example original = gradient();
    original.pixels()[0] = 0;
    original.pixels()[1] = (byte) 255;
    Example inverted = new Drift(0, Drift.Kind.INVERT, 1).transform(original);
    for (int i = 0; i < Example.PIXELS; i++) {
      assertThat(inverted.pixels()[i] & 0xFF).as("pixel %d", i).isEqualTo(255 - (original.pixels()[i] & 0xFF));
    }
    assertThat(inverted.label()).isEqualTo(3);
  }

  // Catches: a label permutation that is not a bijection, has a fixed point (some labels would not
  // drift), is not the same for the same seed, or changes the image.
  @Test
  void permuteLabelsMapsEveryLabelToAnotherThroughAFixedPermutationOfTheSeed() {
    Drift drift = new Drift(0, Drift.Kind.PERMUTE_LABELS, 42);
    int[] map = drift.labelMap();
    assertThat(Arrays.stream(map).sorted().toArray()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    for (int label = 0; label < 10; label++) {
      assertThat(map[label]).as("label %d", label).isNotEqualTo(label);
    }
    assertThat(new Drift(5, Drift.Kind.PERMUTE_LABELS, 42).labelMap()).containsExactly(map);
    assertThat(new Drift(0, Drift.Kind.PERMUTE_LABELS, 43).labelMap()).isNotEqualTo(map);
    Example original = gradient();
    Example relabeled = drift.transform(original);
    assertThat(relabeled.label()).isEqualTo(map[3]);
    assertThat(relabeled.pixels()).isEqualTo(original.pixels());
  }

  // Catches: the switch one example early (≤ instead of <) or late.
  @Test
  void theDriftBeginsExactlyAtTheNthExample() {
    Drift drift = new Drift(1000, Drift.Kind.INVERT, 1);
    Example original = gradient();
    assertThat(drift.apply(999, original)).isSameAs(original);
    assertThat(drift.apply(1000, original)).isEqualTo(drift.transform(original)).isNotEqualTo(original);
    assertThat(drift.apply(5000, original)).isEqualTo(drift.transform(original));
  }

  // Catches: an unknown kind or a negative count accepted.
  @Test
  void badSettingsAreRefused() {
    assertThat(Drift.Kind.fromId("permute-labels")).isEqualTo(Drift.Kind.PERMUTE_LABELS);
    assertThatThrownBy(() -> Drift.Kind.fromId("rotate45"))
        .hasMessage("unknown --drift 'rotate45': rotate90, invert, permute-labels");
    assertThatThrownBy(() -> new Drift(-1, Drift.Kind.INVERT, 1))
        .hasMessage("--drift-after must be 0 or more, got -1");
  }
}
