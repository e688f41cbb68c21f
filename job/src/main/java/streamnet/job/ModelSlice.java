package streamnet.job;

/**
 * Averager shard {@code shard}'s part of model version ({@code generation}, {@code version}): its
 * slice of the global parameters and velocity ({@link ShardLayout}; velocity empty without momentum).
 */
public record ModelSlice(
    String runId, int generation, long version, int shard, int shards, float[] parameters, float[] velocity)
    implements ModelPart {

  @Override
  public int part() {
    return shard + 1;
  }

  @Override
  public int parts() {
    return shards + 1;
  }

  @Override
  public byte[] body() {
    return ModelUpdateCodec.sliceBody(this);
  }
}
