package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import streamnet.network.data.Dataset;
import streamnet.record.Example;
import streamnet.record.ExampleCodec;
import streamnet.record.Split;
import streamnet.record.UnlabeledExample;

/** The --rate load's pre-encoded requests and its sending threads. */
class LoadClientTest {

  private static Dataset images(int count) {
    Random random = new Random(3);
    float[][] images = new float[count][Example.PIXELS];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      for (int p = 0; p < Example.PIXELS; p++) {
        images[i][p] = random.nextInt(4) == 0 ? random.nextFloat() : 0f;
      }
      labels[i] = i % 10;
    }
    return new Dataset(images, labels, 10);
  }

  // Catches: the id written at the wrong offset or not at all, the wrong image for a request
  // number (no cycling, off by one), and a template changed by a copy (no clone).
  @Test
  void preEncodedRequestsAreTheRecordsTheEncoderMakes() {
    Dataset images = images(7);
    PreEncodedRequests requests = new PreEncodedRequests(images);
    for (int n = 0; n < 20; n++) {
      int id = 1_000_003 + n * 65_537;
      byte[] pixels = Example.ofImage(id, Split.TEST, 0, 0, images.image(n % images.size())).pixels();
      byte[] expected = ExampleCodec.encode(new UnlabeledExample(id, pixels));
      byte[] value = requests.value(n, id);
      assertThat(value).containsExactly(expected);
      UnlabeledExample decoded = ExampleCodec.decodeUnlabeled(value);
      assertThat(decoded.id()).isEqualTo(id);
      assertThat(decoded.pixels()).containsExactly(pixels);
    }
    assertThat(ExampleCodec.decodeUnlabeled(requests.value(3, 5)).id()).isEqualTo(5);
  }

  // Catches: a thread sending another's share (every thread from 0, step 1), a request skipped
  // at a share's end (n < total - 1), and sendAll returning before its threads are done.
  @Test
  void everyRequestIsSentExactlyOnceWhateverTheThreads() throws InterruptedException {
    for (int threads : new int[] {1, 2, 3, 8}) {
      for (int total : new int[] {0, 1, 5, 1_000, 10_007}) {
        AtomicIntegerArray sends = new AtomicIntegerArray(total);
        LoadSenders.sendAll(total, threads, 0, sends::incrementAndGet);
        for (int n = 0; n < total; n++) {
          assertThat(sends.get(n)).as("request %d of %d from %d threads", n, total, threads).isEqualTo(1);
        }
      }
    }
  }

  // Catches: each thread sending at the whole rate (twice the load from two threads).
  @Test
  void theThreadsShareTheRate() throws InterruptedException {
    long start = System.nanoTime();
    LoadSenders.sendAll(41, 2, 200, n -> {});
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(seconds).isGreaterThan(0.18);
  }

  // Catches: a failed send lost on its thread (the load reporting success).
  @Test
  void aFailedSendFailsTheLoad() {
    assertThatThrownBy(() -> LoadSenders.sendAll(10, 2, 0, n -> {
      if (n == 7) {
        throw new IllegalStateException("broker gone");
      }
    })).hasMessage("broker gone");
    assertThatThrownBy(() -> LoadSenders.sendAll(10, 0, 0, n -> {})).hasMessageContaining("--senders");
  }
}
