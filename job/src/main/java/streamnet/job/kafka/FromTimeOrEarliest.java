package streamnet.job.kafka;

import java.util.Collection;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Starts at the first record at or after a time, as {@link OffsetsInitializer#timestamp}, but
 * falls back to the earliest retained record when a position is out of range. The model topic's
 * retention deletes old records while a run goes on, so a restored reader's checkpointed offset can
 * be gone; the timestamp initializer's fallback (the latest offset) could then skip the version the
 * restored averager republishes, and sync workers would wait for ever. From the earliest, the
 * reader only replays versions the workers ignore.
 */
public final class FromTimeOrEarliest implements OffsetsInitializer {
  private final OffsetsInitializer fromTime;

  public FromTimeOrEarliest(long startMillis) {
    this.fromTime = OffsetsInitializer.timestamp(startMillis);
  }

  @Override
  public Map<TopicPartition, Long> getPartitionOffsets(
      Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
    return fromTime.getPartitionOffsets(partitions, retriever);
  }

  @Override
  public OffsetResetStrategy getAutoOffsetResetStrategy() {
    return OffsetResetStrategy.EARLIEST;
  }
}
