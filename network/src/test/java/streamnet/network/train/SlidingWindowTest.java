package streamnet.network.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {

  // Catches: dropping a batch the window still needs (fewer than N examples), keeping one it no
  // longer needs, or sums that do not follow the batches in the window.
  @Test
  void holdsTheNewestBatchesThatCoverTheWindow() {
    SlidingWindow window = new SlidingWindow(100);
    window.add(60, 6.0, 30);
    window.add(30, 3.0, 30);
    assertThat(window.examples()).isEqualTo(90);
    window.add(30, 1.5, 30);
    assertThat(window.examples()).isEqualTo(120);
    window.add(40, 2.0, 40);
    assertThat(window.examples()).isEqualTo(100);
    assertThat(window.state()).containsExactly(
        new SlidingWindow.Batch(30, 3.0, 30), new SlidingWindow.Batch(30, 1.5, 30), new SlidingWindow.Batch(40, 2.0, 40));
    assertThat(window.accuracy()).isEqualTo(1.0);
    assertThat(window.cost()).isEqualTo(6.5 / 100);
    window.add(100, 10.0, 50);
    assertThat(window.state()).containsExactly(new SlidingWindow.Batch(100, 10.0, 50));
    assertThat(window.accuracy()).isEqualTo(0.5);
    assertThat(window.cost()).isEqualTo(0.1);
  }

  @Test
  void anEmptyWindowScoresZeroAndEmptyBatchesAreNotKept() {
    SlidingWindow window = new SlidingWindow(10);
    window.add(0, 0, 0);
    assertThat(window.state()).isEmpty();
    assertThat(window.accuracy()).isZero();
    assertThat(window.cost()).isZero();
  }

  // Catches: a restore that loses or reorders batches, so the restored window drops others later.
  @Test
  void aRestoredWindowGoesOnAsTheOriginal() {
    SlidingWindow original = new SlidingWindow(50);
    for (int i = 1; i <= 7; i++) {
      original.add(10 + i, 0.1 * i, i);
    }
    SlidingWindow restored = SlidingWindow.restore(50, original.state());
    original.add(25, 1.0, 20);
    restored.add(25, 1.0, 20);
    assertThat(restored.state()).isEqualTo(original.state());
    assertThat(restored.cost()).isEqualTo(original.cost());
    assertThat(restored.accuracy()).isEqualTo(original.accuracy());
  }

  @Test
  void refusesAnEmptyWindow() {
    assertThatThrownBy(() -> new SlidingWindow(0)).hasMessageContaining("--prequential-window");
    assertThat(SlidingWindow.restore(5, List.of()).examples()).isZero();
  }
}
