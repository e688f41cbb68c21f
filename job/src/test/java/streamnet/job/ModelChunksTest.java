package streamnet.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import streamnet.job.kafka.KafkaEndpoints;

/**
 * A model version split into chunks and put back together ({@link ModelChunker},
 * {@link ModelUpdateCodec}, {@link ModelReassembler}): each test names the mistake it catches.
 */
class ModelChunksTest {
  private static final String RUN = "3f2c7a0e-0d1b-4c55-9a43-2b7d1e6f8a90";
  /** Small chunks, so a small update spans several: 100 parameters and velocity, 829 bytes of body. */
  private static final int SMALL_CHUNK = 200;
  private static final int SMALL_BODY = 8 + 4 + 8 + 1 + 2 * (4 + 100 * 4);

  @Test
  void aModelOver1MiBTravelsInRecordsOfAtMostTheChunkBound() {
    // [784,400,10] with momentum: 318,010 parameters and as much velocity, 2.5 MB of body.
    ModelUpdate update = update(RUN, 0, 7, 318_010, 1);
    List<ModelChunk> chunks = ModelChunker.split(update, ModelChunker.CHUNK_PAYLOAD_BYTES);
    int body = 8 + 4 + 8 + 1 + 2 * (4 + 318_010 * 4);

    // Catches a count rounded down (the last, short chunk lost) or up (an empty chunk).
    assertThat(chunks).hasSize((body + ModelChunker.CHUNK_PAYLOAD_BYTES - 1) / ModelChunker.CHUNK_PAYLOAD_BYTES)
        .hasSize(5);
    for (ModelChunk chunk : chunks) {
      byte[] record = ModelUpdateCodec.encode(chunk);
      // Catches a header whose size the bound does not know, or a payload over the chunk size.
      assertThat(record).hasSize(ModelUpdateCodec.headerBytes(RUN.length()) + chunk.payload().length);
      assertThat(record.length).isLessThanOrEqualTo(KafkaEndpoints.MAX_MODEL_RECORD_BYTES)
          .isLessThan(KafkaEndpoints.MODEL_TOPIC_MAX_MESSAGE_BYTES / 2 + 1024);
    }
    assertThat(chunks.subList(0, 4)).allSatisfy(chunk -> assertThat(chunk.payload()).hasSize(512 << 10));
    assertThat(chunks.get(4).payload()).hasSize(body - 4 * (512 << 10));
    assertThat(chunks).extracting(ModelChunk::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(chunks).extracting(ModelChunk::count).containsOnly(5);
    assertThat(chunks).extracting(ModelChunk::bodyBytes).containsOnly(body);

    ModelUpdate whole = reassemble(new ModelReassembler(RUN), chunks).orElseThrow();
    assertSame(whole, update);
  }

  @Test
  void aBodyOfExactlyNChunksIsSplitIntoN() {
    // Catches "+ 1 chunk" instead of rounding up: a body that fills its chunks gets no empty one.
    List<ModelChunk> chunks = ModelChunker.split(update(RUN, 0, 1, 100, 1), SMALL_BODY);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).payload()).hasSize(SMALL_BODY);
  }

  @Test
  void aChunkRecordDecodesToItsFieldsAndOtherFormatsAreRefused() {
    ModelChunk chunk = ModelChunker.split(update(RUN, 3, 42, 100, 2), SMALL_CHUNK).get(1);
    byte[] record = ModelUpdateCodec.encode(chunk);

    ModelChunk decoded = ModelUpdateCodec.decode(record);
    // Catches a field written or read out of order (generation and index are both ints).
    assertThat(decoded.runId()).isEqualTo(RUN);
    assertThat(decoded.generation()).isEqualTo(3);
    assertThat(decoded.version()).isEqualTo(42);
    assertThat(decoded.index()).isEqualTo(1);
    assertThat(decoded.count()).isEqualTo(5);
    assertThat(decoded.bodyBytes()).isEqualTo(SMALL_BODY);
    assertThat(decoded.payload()).containsExactly(chunk.payload());
    assertThat(record[0]).isEqualTo((byte) 2);
    assertThat(ModelUpdateCodec.runId(record)).isEqualTo(RUN);

    // Catches a reader that ignores the format byte: a version-1 record (a whole model) is refused by name.
    record[0] = 1;
    assertThatThrownBy(() -> ModelUpdateCodec.decode(record)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model topic record format 1, expected 2");
    record[0] = 3;
    assertThatThrownBy(() -> ModelUpdateCodec.runId(record)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model topic record format 3, expected 2");
  }

  @Test
  void chunksOutOfOrderMakeTheVersionWholeWithItsLastChunk() {
    ModelUpdate update = update(RUN, 0, 4, 100, 3);
    List<ModelChunk> chunks = new ArrayList<>(ModelChunker.split(update, SMALL_CHUNK));
    Collections.reverse(chunks);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    // Catches a version handed on before every chunk is in (e.g. once the last index arrived).
    for (ModelChunk chunk : chunks.subList(0, 4)) {
      assertThat(reassembler.accept(chunk)).as("chunk %d", chunk.index()).isEmpty();
    }
    // Catches payloads joined in arrival order instead of by index.
    assertSame(reassembler.accept(chunks.get(4)).orElseThrow(), update);
  }

  @Test
  void duplicatedChunksAreCountedOnceAndAWholeVersionIsHandedOnOnce() {
    ModelUpdate update = update(RUN, 0, 4, 100, 4);
    List<ModelChunk> chunks = ModelChunker.split(update, SMALL_CHUNK);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    // Catches a duplicate counted as a new chunk: four distinct chunks, each twice, are not whole.
    for (ModelChunk chunk : chunks.subList(0, 4)) {
      assertThat(reassembler.accept(chunk)).isEmpty();
      assertThat(reassembler.accept(chunk)).isEmpty();
    }
    assertSame(reassembler.accept(chunks.get(4)).orElseThrow(), update);
    // Catches a version handed on again when the sink re-delivers its chunks.
    for (ModelChunk chunk : chunks) {
      assertThat(reassembler.accept(chunk)).isEmpty();
    }
    assertThat(reassembler.partialVersions()).isZero();
  }

  @Test
  void twoInterleavedVersionsAreEachWholeWithTheirOwnChunks() {
    ModelUpdate five = update(RUN, 0, 5, 100, 5);
    ModelUpdate six = update(RUN, 0, 6, 100, 6);
    List<ModelChunk> fives = ModelChunker.split(five, SMALL_CHUNK);
    List<ModelChunk> sixes = ModelChunker.split(six, SMALL_CHUNK);
    ModelReassembler reassembler = new ModelReassembler(RUN);
    List<ModelUpdate> whole = new ArrayList<>();

    for (int i = 0; i < 5; i++) {
      reassembler.accept(fives.get(i)).ifPresent(whole::add);
      reassembler.accept(sixes.get(i)).ifPresent(whole::add);
    }

    // Catches chunks grouped by index or by arrival instead of by version.
    assertThat(whole).hasSize(2);
    assertSame(whole.get(0), five);
    assertSame(whole.get(1), six);
  }

  @Test
  void theSameVersionOfTwoGenerationsNeverMixes() {
    // A restore republishes under generation 1 while generation 0's chunks of version 5 are still read.
    ModelUpdate before = update(RUN, 0, 5, 100, 7);
    ModelUpdate republished = update(RUN, 1, 5, 100, 8);
    List<ModelChunk> old = ModelChunker.split(before, SMALL_CHUNK);
    List<ModelChunk> now = ModelChunker.split(republished, SMALL_CHUNK);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    for (int i = 0; i < 4; i++) {
      assertThat(reassembler.accept(old.get(i))).isEmpty();
      assertThat(reassembler.accept(now.get(i))).isEmpty();
    }
    // Catches chunks keyed by version alone: generation 0's four and one of generation 1 would make a mix.
    assertSame(reassembler.accept(now.get(4)).orElseThrow(), republished);
    assertThat(reassembler.accept(old.get(4))).as("the older generation's last chunk").isEmpty();
  }

  @Test
  void aLateChunkOfAnOlderVersionIsIgnoredAndAPartialVersionDroppedWhenANewerIsWhole() {
    List<ModelChunk> three = ModelChunker.split(update(RUN, 0, 3, 100, 9), SMALL_CHUNK);
    ModelUpdate four = update(RUN, 0, 4, 100, 10);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    reassembler.accept(three.get(0));
    reassembler.accept(three.get(1));
    assertThat(reassembler.partialVersions()).isEqualTo(1);
    assertSame(reassemble(reassembler, ModelChunker.split(four, SMALL_CHUNK)).orElseThrow(), four);
    // Catches partial versions kept after a newer one was whole (memory that grows with every lost chunk).
    assertThat(reassembler.partialVersions()).isZero();
    // Catches a reader that hands on an older version once its late chunks complete it.
    assertThat(reassemble(reassembler, three.subList(2, 5))).isEmpty();
    assertThat(reassembler.partialVersions()).as("late chunks start no new partial version").isZero();
  }

  @Test
  void aNewerGenerationWinsOverAHigherVersionOfAnOlderOne() {
    ModelReassembler reassembler = new ModelReassembler(RUN);
    reassemble(reassembler, ModelChunker.split(update(RUN, 0, 9, 100, 11), SMALL_CHUNK)).orElseThrow();
    // Catches (generation, version) compared by version first.
    ModelUpdate restored = update(RUN, 1, 3, 100, 12);
    assertSame(reassemble(reassembler, ModelChunker.split(restored, SMALL_CHUNK)).orElseThrow(), restored);
    // Catches a comparison that takes the same generation's equal version as newer.
    assertThat(reassemble(reassembler, ModelChunker.split(update(RUN, 1, 3, 100, 13), SMALL_CHUNK))).isEmpty();
  }

  @Test
  void otherRunsChunksAreIgnored() {
    ModelReassembler reassembler = new ModelReassembler(RUN);
    // Catches a reassembler that takes every run's chunks from a reused topic.
    assertThat(reassemble(reassembler, ModelChunker.split(update("another-run", 0, 1, 100, 14), SMALL_CHUNK)))
        .isEmpty();
    assertThat(reassembler.partialVersions()).isZero();
  }

  @Test
  void chunksThatDisagreeWithTheirVersionAreRefused() {
    List<ModelChunk> chunks = ModelChunker.split(update(RUN, 0, 1, 100, 15), SMALL_CHUNK);
    ModelReassembler reassembler = new ModelReassembler(RUN);
    reassembler.accept(chunks.get(0));
    ModelChunk second = chunks.get(1);

    // Catches a version put together from chunks of different layouts (another count, another length).
    assertThatThrownBy(() -> reassembler.accept(new ModelChunk(RUN, 0, 1, 1, 4, second.bodyBytes(), second.payload())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 4 chunks");
    assertThatThrownBy(() -> reassembler.accept(new ModelChunk(RUN, 0, 1, 1, 5, second.bodyBytes() + 1, second.payload())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("830-byte body");
  }

  @Test
  void theChunkerOperatorEmitsTheChunksInOrder() {
    ModelUpdate update = update(RUN, 2, 8, 100, 16);
    List<ModelChunk> emitted = new ArrayList<>();
    new ModelChunker(SMALL_CHUNK).flatMap(update, new org.apache.flink.api.common.functions.util.ListCollector<>(emitted));
    assertThat(emitted).extracting(ModelChunk::index).containsExactly(0, 1, 2, 3, 4);
    assertSame(reassemble(new ModelReassembler(RUN), emitted).orElseThrow(), update);
  }

  private static Optional<ModelUpdate> reassemble(ModelReassembler reassembler, List<ModelChunk> chunks) {
    Optional<ModelUpdate> whole = Optional.empty();
    for (ModelChunk chunk : chunks) {
      Optional<ModelUpdate> result = reassembler.accept(chunk);
      if (result.isPresent()) {
        assertThat(whole).as("one whole version from %d chunks", chunks.size()).isEmpty();
        whole = result;
      }
    }
    return whole;
  }

  private static void assertSame(ModelUpdate actual, ModelUpdate expected) {
    assertThat(actual.runId()).isEqualTo(expected.runId());
    assertThat(actual.generation()).isEqualTo(expected.generation());
    assertThat(actual.version()).isEqualTo(expected.version());
    assertThat(actual.examples()).isEqualTo(expected.examples());
    assertThat(actual.epoch()).isEqualTo(expected.epoch());
    assertThat(actual.eta()).isEqualTo(expected.eta());
    assertThat(actual.stop()).isEqualTo(expected.stop());
    assertThat(actual.parameters()).isEqualTo(expected.parameters());
    assertThat(actual.velocity()).isEqualTo(expected.velocity());
  }

  /** An update of {@code parameters} random parameters and as much velocity, its fields drawn from {@code seed}. */
  private static ModelUpdate update(String runId, int generation, long version, int parameters, long seed) {
    Random random = new Random(seed);
    float[] weights = new float[parameters];
    float[] velocity = new float[parameters];
    for (int i = 0; i < parameters; i++) {
      weights[i] = (float) random.nextGaussian();
      velocity[i] = (float) random.nextGaussian();
    }
    return new ModelUpdate(runId, generation, version, random.nextInt(1_000_000), random.nextInt(30),
        random.nextDouble(), random.nextBoolean(), weights, velocity);
  }
}
