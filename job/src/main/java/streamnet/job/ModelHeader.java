package streamnet.job;

/**
 * The coordinator's part of model version ({@code generation}, {@code version}): the examples
 * averaged into it, the epoch, η, and whether workers must stop. The parameters come in the
 * {@code shards} slices of the same version.
 */
public record ModelHeader(
    String runId, int generation, long version, int shards, long examples, int epoch, double eta, boolean stop)
    implements ModelPart {

  @Override
  public int part() {
    return 0;
  }

  @Override
  public int parts() {
    return shards + 1;
  }

  @Override
  public byte[] body() {
    return ModelUpdateCodec.headerBody(this);
  }
}
