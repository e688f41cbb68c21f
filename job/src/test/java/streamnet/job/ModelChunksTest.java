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
 * A model version split into its parts (header and shard slices) and chunks, and put back together
 * ({@link ModelChunker}, {@link ModelUpdateCodec}, {@link ModelReassembler}): each test names the
 * mistake it catches.
 */
class ModelChunksTest {
  private static final String RUN = "3f2c7a0e-0d1b-4c55-9a43-2b7d1e6f8a90";
  /** Small chunks, so a small update's slice spans several: 100 parameters and velocity, 808 bytes of body. */
  private static final int SMALL_CHUNK = 200;
  private static final int HEADER_BODY = 8 + 4 + 8 + 1;
  private static final int SMALL_BODY = 2 * (4 + 100 * 4);

  @Test
  void aModelOver1MiBTravelsInRecordsOfAtMostTheChunkBound() {
    // [784,400,10] with momentum: 318,010 parameters and as much velocity, 2.5 MB of body.
    ModelUpdate update = update(RUN, 0, 7, 318_010, 1);
    List<ModelChunk> chunks = ModelChunker.split(slices(update, 1).get(0), ModelChunker.CHUNK_PAYLOAD_BYTES);
    int body = 2 * (4 + 318_010 * 4);

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

    List<ModelChunk> all = new ArrayList<>(chunks);
    all.addAll(ModelChunker.split(header(update, 1), ModelChunker.CHUNK_PAYLOAD_BYTES));
    ModelUpdate whole = reassemble(new ModelReassembler(RUN), all).orElseThrow();
    assertSame(whole, update);
  }

  @Test
  void aBodyOfExactlyNChunksIsSplitIntoN() {
    // Catches "+ 1 chunk" instead of rounding up: a body that fills its chunks gets no empty one.
    List<ModelChunk> chunks = ModelChunker.split(slices(update(RUN, 0, 1, 100, 1), 1).get(0), SMALL_BODY);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).payload()).hasSize(SMALL_BODY);
  }

  @Test
  void aChunkRecordDecodesToItsFieldsAndOtherFormatsAreRefused() {
    ModelChunk chunk = ModelChunker.split(slices(update(RUN, 3, 42, 100, 2), 2).get(1), SMALL_CHUNK / 2).get(1);
    byte[] record = ModelUpdateCodec.encode(chunk);

    ModelChunk decoded = ModelUpdateCodec.decode(record);
    // Catches a field written or read out of order (generation and index are both ints).
    assertThat(decoded.runId()).isEqualTo(RUN);
    assertThat(decoded.generation()).isEqualTo(3);
    assertThat(decoded.version()).isEqualTo(42);
    assertThat(decoded.part()).isEqualTo(2);
    assertThat(decoded.parts()).isEqualTo(3);
    assertThat(decoded.index()).isEqualTo(1);
    assertThat(decoded.count()).isEqualTo(5);
    assertThat(decoded.bodyBytes()).isEqualTo(2 * (4 + 50 * 4));
    assertThat(decoded.payload()).containsExactly(chunk.payload());
    assertThat(record[0]).isEqualTo((byte) 3);
    assertThat(ModelUpdateCodec.runId(record)).isEqualTo(RUN);

    // Catches a reader that ignores the format byte: a version-1 record (a whole model) is refused by name.
    record[0] = 1;
    assertThatThrownBy(() -> ModelUpdateCodec.decode(record)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model topic record format 1, expected 3");
    // Catches a reader that takes an unsharded (format 2) version for a part of a sharded one.
    record[0] = 2;
    assertThatThrownBy(() -> ModelUpdateCodec.decode(record)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model topic record format 2, expected 3");
    record[0] = 4;
    assertThatThrownBy(() -> ModelUpdateCodec.runId(record)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model topic record format 4, expected 3");
  }

  @Test
  void chunksOutOfOrderMakeTheVersionWholeWithItsLastChunk() {
    ModelUpdate update = update(RUN, 0, 4, 100, 3);
    List<ModelChunk> chunks = new ArrayList<>(chunks(update, 1));
    Collections.reverse(chunks);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    // Catches a version handed on before every chunk is in (e.g. once the last index arrived).
    for (ModelChunk chunk : chunks.subList(0, 5)) {
      assertThat(reassembler.accept(chunk)).as("chunk %d of part %d", chunk.index(), chunk.part()).isEmpty();
    }
    // Catches payloads joined in arrival order instead of by index.
    assertSame(reassembler.accept(chunks.get(5)).orElseThrow(), update);
  }

  @Test
  void duplicatedChunksAreCountedOnceAndAWholeVersionIsHandedOnOnce() {
    ModelUpdate update = update(RUN, 0, 4, 100, 4);
    List<ModelChunk> chunks = chunks(update, 1);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    // Catches a duplicate counted as a new chunk: five distinct chunks, each twice, are not whole.
    for (ModelChunk chunk : chunks.subList(0, 5)) {
      assertThat(reassembler.accept(chunk)).isEmpty();
      assertThat(reassembler.accept(chunk)).isEmpty();
    }
    assertSame(reassembler.accept(chunks.get(5)).orElseThrow(), update);
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
    List<ModelChunk> fives = chunks(five, 1);
    List<ModelChunk> sixes = chunks(six, 1);
    ModelReassembler reassembler = new ModelReassembler(RUN);
    List<ModelUpdate> whole = new ArrayList<>();

    for (int i = 0; i < 6; i++) {
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
    List<ModelChunk> old = chunks(before, 1);
    List<ModelChunk> now = chunks(republished, 1);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    for (int i = 0; i < 5; i++) {
      assertThat(reassembler.accept(old.get(i))).isEmpty();
      assertThat(reassembler.accept(now.get(i))).isEmpty();
    }
    // Catches chunks keyed by version alone: generation 0's five and one of generation 1 would make a mix.
    assertSame(reassembler.accept(now.get(5)).orElseThrow(), republished);
    assertThat(reassembler.accept(old.get(5))).as("the older generation's last chunk").isEmpty();
  }

  @Test
  void aLateChunkOfAnOlderVersionIsIgnoredAndAPartialVersionDroppedWhenANewerIsWhole() {
    List<ModelChunk> three = chunks(update(RUN, 0, 3, 100, 9), 1);
    ModelUpdate four = update(RUN, 0, 4, 100, 10);
    ModelReassembler reassembler = new ModelReassembler(RUN);

    reassembler.accept(three.get(0));
    reassembler.accept(three.get(1));
    assertThat(reassembler.partialVersions()).isEqualTo(1);
    assertSame(reassemble(reassembler, chunks(four, 1)).orElseThrow(), four);
    // Catches partial versions kept after a newer one was whole (memory that grows with every lost chunk).
    assertThat(reassembler.partialVersions()).isZero();
    // Catches a reader that hands on an older version once its late chunks complete it.
    assertThat(reassemble(reassembler, three.subList(2, 6))).isEmpty();
    assertThat(reassembler.partialVersions()).as("late chunks start no new partial version").isZero();
  }

  @Test
  void aNewerGenerationWinsOverAHigherVersionOfAnOlderOne() {
    ModelReassembler reassembler = new ModelReassembler(RUN);
    reassemble(reassembler, chunks(update(RUN, 0, 9, 100, 11), 1)).orElseThrow();
    // Catches (generation, version) compared by version first.
    ModelUpdate restored = update(RUN, 1, 3, 100, 12);
    assertSame(reassemble(reassembler, chunks(restored, 1)).orElseThrow(), restored);
    // Catches a comparison that takes the same generation's equal version as newer.
    assertThat(reassemble(reassembler, chunks(update(RUN, 1, 3, 100, 13), 1))).isEmpty();
  }

  @Test
  void otherRunsChunksAreIgnored() {
    ModelReassembler reassembler = new ModelReassembler(RUN);
    // Catches a reassembler that takes every run's chunks from a reused topic.
    assertThat(reassemble(reassembler, chunks(update("another-run", 0, 1, 100, 14), 1)))
        .isEmpty();
    assertThat(reassembler.partialVersions()).isZero();
  }

  @Test
  void chunksThatDisagreeWithTheirVersionAreRefused() {
    List<ModelChunk> chunks = chunks(update(RUN, 0, 1, 100, 15), 1);
    ModelReassembler reassembler = new ModelReassembler(RUN);
    reassembler.accept(chunks.get(0));
    ModelChunk second = chunks.get(1);

    // Catches a version put together from chunks of different layouts (another count, another length).
    assertThatThrownBy(() -> reassembler.accept(
        new ModelChunk(RUN, 0, 1, 1, 2, 1, 4, second.bodyBytes(), second.payload())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 4 chunks");
    assertThatThrownBy(() -> reassembler.accept(
        new ModelChunk(RUN, 0, 1, 1, 2, 1, 5, second.bodyBytes() + 1, second.payload())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("809-byte body");
    // Catches parts counted per chunk instead of per version: a chunk that says the version has 3 parts.
    assertThatThrownBy(() -> reassembler.accept(
        new ModelChunk(RUN, 0, 1, 2, 3, 0, 1, HEADER_BODY, new byte[HEADER_BODY])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("says 3 parts");
  }

  @Test
  void theChunkerOperatorEmitsTheChunksInOrder() {
    ModelUpdate update = update(RUN, 2, 8, 100, 16);
    List<ModelChunk> emitted = new ArrayList<>();
    new ModelChunker<ModelSlice>(SMALL_CHUNK).flatMap(
        slices(update, 1).get(0), new org.apache.flink.api.common.functions.util.ListCollector<>(emitted));
    assertThat(emitted).extracting(ModelChunk::index).containsExactly(0, 1, 2, 3, 4);
    emitted.addAll(ModelChunker.split(header(update, 1), SMALL_CHUNK));
    assertSame(reassemble(new ModelReassembler(RUN), emitted).orElseThrow(), update);
  }

  @Test
  void aVersionIsWholeOnlyWithEveryShardsSliceAndItsHeader() {
    ModelUpdate update = update(RUN, 0, 3, 100, 17);
    List<ModelChunk> chunks = new ArrayList<>(chunks(update, 3));
    Collections.shuffle(chunks, new Random(17));
    ModelReassembler reassembler = new ModelReassembler(RUN);

    // Catches a version handed on when one part is whole (the parts' chunks all say "count 2").
    for (ModelChunk chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat(reassembler.accept(chunk)).as("chunk %d of part %d", chunk.index(), chunk.part()).isEmpty();
    }
    // Catches slices joined in arrival order instead of by shard.
    assertSame(reassembler.accept(chunks.get(chunks.size() - 1)).orElseThrow(), update);
  }

  @Test
  void aRestoreBetweenChunksCompletesOnlyTheRepublishedVersion() {
    // The source's checkpointed offset fell between the chunks of version 5: the restored reader
    // starts from it with a new, empty reassembler, then reads the republished version 5.
    ModelUpdate before = update(RUN, 0, 5, 100, 18);
    List<ModelChunk> old = chunks(before, 2);
    ModelReassembler original = new ModelReassembler(RUN);
    for (ModelChunk chunk : old.subList(0, 3)) {
      assertThat(original.accept(chunk)).isEmpty();
    }
    ModelReassembler restored = new ModelReassembler(RUN);
    ModelUpdate republished = update(RUN, 1, 5, 100, 19);

    // Catches a reader that takes the rest of a version it saw only in part for the whole.
    assertThat(reassemble(restored, old.subList(3, old.size()))).isEmpty();
    assertSame(reassemble(restored, chunks(republished, 2)).orElseThrow(), republished);
    assertThat(restored.partialVersions()).isZero();
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

  /** The header of {@code update} as a coordinator of {@code shards} shards publishes it. */
  private static ModelHeader header(ModelUpdate update, int shards) {
    return new ModelHeader(update.runId(), update.generation(), update.version(), shards, update.examples(),
        update.epoch(), update.eta(), update.stop());
  }

  /** The slices of {@code update} as {@code shards} averager shards publish them. */
  private static List<ModelSlice> slices(ModelUpdate update, int shards) {
    ShardLayout layout = new ShardLayout(update.parameters().length, shards);
    List<ModelSlice> slices = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      slices.add(new ModelSlice(update.runId(), update.generation(), update.version(), shard, shards,
          layout.slice(update.parameters(), shard), layout.slice(update.velocity(), shard)));
    }
    return slices;
  }

  /** Every chunk of {@code update}'s parts, slices first, then the header, in {@link #SMALL_CHUNK}s. */
  private static List<ModelChunk> chunks(ModelUpdate update, int shards) {
    List<ModelChunk> chunks = new ArrayList<>();
    for (ModelSlice slice : slices(update, shards)) {
      chunks.addAll(ModelChunker.split(slice, SMALL_CHUNK));
    }
    chunks.addAll(ModelChunker.split(header(update, shards), SMALL_CHUNK));
    return chunks;
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
