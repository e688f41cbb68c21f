package streamnet.job.serve;

/**
 * A model version the serving job answers with: the training job's (generation, version), when it
 * was published (milliseconds since the epoch: the timestamp of the model-topic record that
 * completed it, or when a model file was loaded), and its parameters, flat, layer by layer as
 * {@code Network.toFlat} lays them out.
 */
public record ServedModel(int generation, long version, long publishedMillis, float[] parameters)
    implements java.io.Serializable {

  /** Whether this version supersedes {@code other} in (generation, version) order, as workers follow versions. */
  public boolean isNewerThan(ServedModel other) {
    return generation > other.generation || (generation == other.generation && version > other.version);
  }
}
