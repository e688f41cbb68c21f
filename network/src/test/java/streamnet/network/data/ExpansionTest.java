package streamnet.network.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExpansionTest {
  final Dataset data = Fixtures.dataset(20, 28, 9);

  @Test
  void shiftsGiveFiveTimesTheImagesWithTheirLabels() {
    Dataset expanded = Expansion.shifts().apply(data, 1);

    assertThat(expanded.size()).isEqualTo(100);
    int[] perLabel = new int[10];
    for (int i = 0; i < expanded.size(); i++) {
      perLabel[expanded.label(i)]++;
    }
    assertThat(perLabel).containsOnly(10);
  }

  @Test
  void shiftVariantsAreDownUpRightLeftAsExpandMnist() {
    float[] image = data.image(0);

    List<float[]> variants = Expansion.shifts().variants(image, new Random(1));

    assertThat(variants).hasSize(4);
    assertThat(variants.get(0)).containsExactly(ImageTransforms.shift(image, 1, 0));
    assertThat(variants.get(1)).containsExactly(ImageTransforms.shift(image, -1, 0));
    assertThat(variants.get(2)).containsExactly(ImageTransforms.shift(image, 0, 1));
    assertThat(variants.get(3)).containsExactly(ImageTransforms.shift(image, 0, -1));
  }

  @Test
  void expansionContainsEachOriginal() {
    Dataset expanded = Expansion.shifts().apply(data, 2);

    for (int i = 0; i < data.size(); i++) {
      assertThat(images(expanded)).contains(data.image(i));
    }
  }

  @Test
  void sameSeedSameOutputOtherSeedOtherOrder() {
    Expansion all = Expansion.of(EnumSet.allOf(Expansion.Kind.class), 2);

    Dataset first = all.apply(data, 3);
    Dataset again = all.apply(data, 3);
    Dataset other = all.apply(data, 4);

    assertThat(first.size()).isEqualTo(20 * (1 + 4 + 2 + 2));
    for (int i = 0; i < first.size(); i++) {
      assertThat(again.image(i)).containsExactly(first.image(i));
      assertThat(again.label(i)).isEqualTo(first.label(i));
    }
    assertThat(IntStream.range(0, first.size()))
        .anyMatch(i -> !Arrays.equals(other.image(i), first.image(i)));
  }

  @Test
  void randomKindsGiveCopiesVariantsEach() {
    Expansion rotations = Expansion.of(EnumSet.of(Expansion.Kind.ROTATIONS), 3);

    assertThat(rotations.variants(data.image(0), new Random(5))).hasSize(3);
  }

  private static List<float[]> images(Dataset data) {
    return IntStream.range(0, data.size()).mapToObj(data::image).toList();
  }
}
