package streamnet.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts one run's model versions back together from their chunks, in whatever order the chunks
 * come: duplicated (the model sinks deliver at least once), interleaved with another version's or
 * another part's, or late. A version is whole when it holds every chunk of every part (the
 * coordinator's header and each averager shard's slice). It hands on only whole versions, each
 * once, and only versions newer in (generation, version) than the last it handed on; a partial
 * version is dropped as soon as a newer one is whole. Chunks are grouped by (generation, version)
 * and part, and checked against their version's part count and their part's chunk count and
 * length, so chunks of two versions or two parts never mix, across restores and rescaling too.
 *
 * <p>Its partial versions are not checkpointed: a restore loses them, and the restored coordinator
 * and shards republish their current version whole under a new generation, which is what workers
 * follow next.
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
    Assembly assembly = partial.computeIfAbsent(key, k -> new Assembly(chunk.parts()));
    if (!assembly.add(chunk) || !assembly.isWhole()) {
      return Optional.empty();
    }
    lastWhole = key;
    partial.keySet().removeIf(other -> !other.isNewerThan(key));
    return Optional.of(ModelUpdateCodec.update(runId, key.generation(), key.version(), assembly.bodies()));
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

  /** The parts of one version received so far. */
  private static final class Assembly {
    private final PartAssembly[] parts;
    private int whole;

    Assembly(int parts) {
      this.parts = new PartAssembly[parts];
    }

    /** Adds {@code chunk}; false if it was here already. */
    boolean add(ModelChunk chunk) {
      if (chunk.parts() != parts.length) {
        throw new IllegalArgumentException("chunk " + chunk.index() + " of part " + chunk.part() + " of version ("
            + chunk.generation() + ", " + chunk.version() + ") says " + chunk.parts()
            + " parts, its version's first chunk said " + parts.length);
      }
      PartAssembly part = parts[chunk.part()];
      if (part == null) {
        part = parts[chunk.part()] = new PartAssembly(chunk.count(), chunk.bodyBytes());
      }
      if (!part.add(chunk)) {
        return false;
      }
      if (part.isWhole()) {
        whole++;
      }
      return true;
    }

    boolean isWhole() {
      return whole == parts.length;
    }

    List<byte[]> bodies() {
      List<byte[]> bodies = new ArrayList<>(parts.length);
      for (PartAssembly part : parts) {
        bodies.add(part.body());
      }
      return bodies;
    }
  }

  /** The chunks of one part received so far. */
  private static final class PartAssembly {
    private final byte[][] chunks;
    private final int bodyBytes;
    private int received;

    PartAssembly(int count, int bodyBytes) {
      this.chunks = new byte[count][];
      this.bodyBytes = bodyBytes;
    }

    /** Adds {@code chunk}; false if it was here already. */
    boolean add(ModelChunk chunk) {
      if (chunk.count() != chunks.length || chunk.bodyBytes() != bodyBytes) {
        throw new IllegalArgumentException("chunk " + chunk.index() + " of part " + chunk.part() + " of version ("
            + chunk.generation() + ", " + chunk.version() + ") says " + chunk.count() + " chunks of a "
            + chunk.bodyBytes() + "-byte body, its part's first chunk said " + chunks.length + " of " + bodyBytes);
      }
      if (chunks[chunk.index()] != null) {
        return false;
      }
      chunks[chunk.index()] = chunk.payload();
      received++;
      return true;
    }

    boolean isWhole() {
      return received == chunks.length;
    }

    byte[] body() {
      byte[] body = new byte[bodyBytes];
      int at = 0;
      for (byte[] chunk : chunks) {
        if (at + chunk.length > bodyBytes) {
          throw new IllegalArgumentException("the chunks hold more than the body's " + bodyBytes + " bytes");
        }
        System.arraycopy(chunk, 0, body, at, chunk.length);
        at += chunk.length;
      }
      if (at != bodyBytes) {
        throw new IllegalArgumentException("the chunks hold " + at + " of the body's " + bodyBytes + " bytes");
      }
      return body;
    }
  }
}
