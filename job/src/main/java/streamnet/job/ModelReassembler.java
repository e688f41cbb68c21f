package streamnet.job;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts one run's model versions back together from their chunks, in whatever order the chunks
 * come: duplicated (the model sink delivers at least once), interleaved with another version's, or
 * late. It hands on only whole versions, each once, and only versions newer in (generation,
 * version) than the last it handed on; a partial version is dropped as soon as a newer one is
 * whole. Chunks are grouped by (generation, version) and checked against their version's count and
 * length, so chunks of two versions never mix, across restores and rescaling too.
 *
 * <p>Its partial versions are not checkpointed: a restore loses them, and the restored averager
 * republishes its current version whole under a new generation, which is what workers follow next.
 */
public final class ModelReassembler {
  private final String runId;
  private final Map<VersionKey, Assembly> partial = new HashMap<>();
  private VersionKey lastWhole;

  /** Reassembles the versions of run {@code runId}; chunks of other runs are ignored. */
  public ModelReassembler(String runId) {
    this.runId = runId;
  }

  /** The version {@code chunk} completes, if it completes one that is newer than the last handed on. */
  public Optional<ModelUpdate> accept(ModelChunk chunk) {
    VersionKey key = new VersionKey(chunk.generation(), chunk.version());
    if (!chunk.runId().equals(runId) || (lastWhole != null && !key.isNewerThan(lastWhole))) {
      return Optional.empty();
    }
    Assembly assembly = partial.computeIfAbsent(key, k -> new Assembly(chunk.count(), chunk.bodyBytes()));
    if (!assembly.add(chunk) || !assembly.isWhole()) {
      return Optional.empty();
    }
    lastWhole = key;
    partial.keySet().removeIf(other -> !other.isNewerThan(key));
    return Optional.of(ModelUpdateCodec.update(runId, key.generation(), key.version(), assembly.body()));
  }

  /** How many versions are partly here: what a lost or never-finished version holds in memory. */
  int partialVersions() {
    return partial.size();
  }

  private record VersionKey(int generation, long version) {
    boolean isNewerThan(VersionKey other) {
      return generation > other.generation || (generation == other.generation && version > other.version);
    }
  }

  /** The chunks of one version received so far. */
  private static final class Assembly {
    private final byte[][] parts;
    private final int bodyBytes;
    private int received;

    Assembly(int count, int bodyBytes) {
      this.parts = new byte[count][];
      this.bodyBytes = bodyBytes;
    }

    /** Adds {@code chunk}; false if it was here already. */
    boolean add(ModelChunk chunk) {
      if (chunk.count() != parts.length || chunk.bodyBytes() != bodyBytes) {
        throw new IllegalArgumentException("chunk " + chunk.index() + " of version (" + chunk.generation() + ", "
            + chunk.version() + ") says " + chunk.count() + " chunks of a " + chunk.bodyBytes()
            + "-byte body, its version's first chunk said " + parts.length + " of " + bodyBytes);
      }
      if (parts[chunk.index()] != null) {
        return false;
      }
      parts[chunk.index()] = chunk.payload();
      received++;
      return true;
    }

    boolean isWhole() {
      return received == parts.length;
    }

    byte[] body() {
      byte[] body = new byte[bodyBytes];
      int at = 0;
      for (byte[] part : parts) {
        if (at + part.length > bodyBytes) {
          throw new IllegalArgumentException("the chunks hold more than the body's " + bodyBytes + " bytes");
        }
        System.arraycopy(part, 0, body, at, part.length);
        at += part.length;
      }
      if (at != bodyBytes) {
        throw new IllegalArgumentException("the chunks hold " + at + " of the body's " + bodyBytes + " bytes");
      }
      return body;
    }
  }
}
