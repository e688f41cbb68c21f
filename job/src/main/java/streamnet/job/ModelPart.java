package streamnet.job;

/**
 * One of the {@link #parts()} parts a global model version travels in on the model topic: the
 * coordinator's {@link ModelHeader} (part 0) and one {@link ModelSlice} per averager shard (parts 1
 * to S). Workers take a version once they hold all its parts ({@link ModelReassembler}).
 */
public interface ModelPart {
  String runId();

  int generation();

  long version();

  /** This part's number: 0 for the header, 1 + s for shard s's slice. */
  int part();

  /** How many parts the version has: 1 + the number of averager shards. */
  int parts();

  /** What the part carries, encoded (docs/record-format.md). */
  byte[] body();
}
