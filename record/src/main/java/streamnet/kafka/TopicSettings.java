package streamnet.kafka;

import streamnet.record.Split;

/**
 * How the producer's topics are named and created: {@code <prefix>train}, {@code <prefix>validation},
 * {@code <prefix>test}, with these partitions, replication, retention and message-size limit.
 */
public record TopicSettings(String prefix, int partitions, short replicationFactor, long retentionMs, int maxMessageBytes) {

  public static final String DEFAULT_PREFIX = "mnist-";
  public static final int DEFAULT_PARTITIONS = 4;
  public static final short DEFAULT_REPLICATION_FACTOR = 1;
  /** Seven days, Kafka's own default. */
  public static final long DEFAULT_RETENTION_MS = 7L * 24 * 60 * 60 * 1000;
  /** A record is 795 bytes; a megabyte leaves room for batches. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;

  public TopicSettings {
    if (partitions < 1 || replicationFactor < 1 || maxMessageBytes < 1) {
      throw new IllegalArgumentException("partitions, replication factor and message size must be positive");
    }
  }

  /** Every setting at its default. */
  public static TopicSettings defaults() {
    return new TopicSettings(DEFAULT_PREFIX, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, DEFAULT_RETENTION_MS, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The same settings with another prefix. */
  public TopicSettings withPrefix(String newPrefix) {
    return new TopicSettings(newPrefix, partitions, replicationFactor, retentionMs, maxMessageBytes);
  }

  /** The topic of a split. */
  public String topic(Split split) {
    return prefix + split.topicSuffix();
  }
}
