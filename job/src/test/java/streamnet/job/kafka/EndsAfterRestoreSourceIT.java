package streamnet.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.apache.flink.api.connector.source.ReaderInfo;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.AssignmentStatus;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.enumerator.SplitAndAssignmentStatus;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.metrics.groups.SplitEnumeratorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import streamnet.job.RawRecord;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;

/**
 * The restored enumerator of a bounded KafkaSource against a real broker: without the wrapper it
 * never tells its readers that no split is coming (FLINK-31006, so a resumed run never ends); with
 * it, registered readers and readers that register again get the signal exactly once.
 */
@ExtendWith(SharedKafkaExtension.class)
class EndsAfterRestoreSourceIT {
  private static final String TOPIC = "restore-train";

  @BeforeAll
  static void createTopic(KafkaBootstrap kafka) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.servers()))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  @Test
  void theRestoredKafkaEnumeratorAloneNeverSignalsTheEnd(KafkaBootstrap kafka) throws Exception {
    Context context = new Context();
    try (SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator =
        boundedSource(kafka).restoreEnumerator(context, restoredWith(0, 1))) {
      enumerator.start();
      context.register(enumerator, 0);
      context.tick(3);
    }

    assertThat(context.signalled).as("FLINK-31006; drop EndsAfterRestoreSource once this fails").isEmpty();
  }

  @Test
  void theWrapperSignalsRegisteredReadersAndReadersThatComeBack(KafkaBootstrap kafka) throws Exception {
    Context context = new Context();
    try (SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator =
        new EndsAfterRestoreSource<>(boundedSource(kafka)).restoreEnumerator(context, restoredWith(0, 1))) {
      enumerator.start();
      context.register(enumerator, 0);
      context.register(enumerator, 1);
      assertThat(context.signalled).as("not before the first discovery has run").isEmpty();
      context.tick(1);
      assertThat(context.signalled).containsExactlyInAnyOrder(0, 1);
      context.tick(2);
      assertThat(context.signalled).as("once per registration").hasSize(2);

      context.register(enumerator, 1);
      assertThat(context.signalled).containsExactlyInAnyOrder(0, 1, 1);
    }
  }

  @Test
  void aPartitionNewSinceTheCheckpointLeavesTheSignalToTheKafkaEnumerator(KafkaBootstrap kafka) throws Exception {
    Context context = new Context();
    try (SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator =
        new EndsAfterRestoreSource<>(boundedSource(kafka)).restoreEnumerator(context, restoredWith(0))) {
      enumerator.start();
      context.register(enumerator, 0);
      context.tick(3);
    }

    assertThat(context.assigned).as("partition 1 is new").containsExactly(TOPIC + "-1");
    assertThat(context.signalled).as("signalled once, by the Kafka enumerator").containsExactly(0);
  }

  private static KafkaSource<RawRecord> boundedSource(KafkaBootstrap kafka) {
    return KafkaSource.<RawRecord>builder()
        .setBootstrapServers(kafka.servers())
        .setTopics(TOPIC)
        .setGroupId("restore-test")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(new RawRecordDeserializer())
        .build();
  }

  /** The enumerator state of a checkpoint in which these partitions were assigned to readers. */
  private static KafkaSourceEnumState restoredWith(int... partitions) {
    Set<SplitAndAssignmentStatus> splits = new HashSet<>();
    for (int partition : partitions) {
      splits.add(new SplitAndAssignmentStatus(
          new KafkaPartitionSplit(new TopicPartition(TOPIC, partition), 0, KafkaPartitionSplit.LATEST_OFFSET),
          AssignmentStatus.ASSIGNED));
    }
    return new KafkaSourceEnumState(splits, true);
  }

  /**
   * A coordinator context that runs asynchronous calls at once, periodic ones on {@link #tick},
   * and records what the enumerator tells readers.
   */
  private static final class Context implements SplitEnumeratorContext<KafkaPartitionSplit> {
    final List<Integer> signalled = new ArrayList<>();
    final List<String> assigned = new ArrayList<>();
    private final Map<Integer, ReaderInfo> readers = new HashMap<>();
    private final List<Runnable> periodic = new ArrayList<>();

    /** A reader registers with the context first, then the enumerator hears of it, as in Flink. */
    void register(SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> enumerator, int subtask) {
      readers.put(subtask, new ReaderInfo(subtask, "localhost"));
      enumerator.addReader(subtask);
    }

    void tick(int times) {
      for (int t = 0; t < times; t++) {
        new ArrayList<>(periodic).forEach(Runnable::run);
      }
    }

    @Override
    public SplitEnumeratorMetricGroup metricGroup() {
      return UnregisteredMetricsGroup.createSplitEnumeratorMetricGroup();
    }

    @Override
    public void sendEventToSourceReader(int subtaskId, SourceEvent event) {}

    @Override
    public int currentParallelism() {
      return 2;
    }

    @Override
    public Map<Integer, ReaderInfo> registeredReaders() {
      return readers;
    }

    @Override
    public void assignSplits(SplitsAssignment<KafkaPartitionSplit> assignment) {
      assignment.assignment().values().forEach(splits -> splits.forEach(split -> assigned.add(split.splitId())));
    }

    @Override
    public void signalNoMoreSplits(int subtask) {
      signalled.add(subtask);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler) {
      run(callable, handler);
    }

    @Override
    public <T> void callAsync(Callable<T> callable, BiConsumer<T, Throwable> handler, long initialDelay, long period) {
      periodic.add(() -> run(callable, handler));
    }

    @Override
    public void runInCoordinatorThread(Runnable runnable) {
      runnable.run();
    }

    private static <T> void run(Callable<T> callable, BiConsumer<T, Throwable> handler) {
      try {
        handler.accept(callable.call(), null);
      } catch (Exception e) {
        handler.accept(null, e);
      }
    }
  }
}
