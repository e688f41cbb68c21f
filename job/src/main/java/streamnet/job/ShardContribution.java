package streamnet.job;

/**
 * The part of a worker's {@link Contribution} that averager shard {@code shard} owns: the
 * contribution's counts with its slice of the parameters and velocity, and whether the whole
 * contribution was finite (a shard cannot tell from its slice alone).
 */
public record ShardContribution(int shard, boolean finite, Contribution contribution) {}
