package streamnet.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import streamnet.record.Split;

/** Creates the producer's topics if they are missing; running it again changes nothing. */
public final class Topics {

  private Topics() {}

  /** Creates the missing topics of every split and returns the names of those it created. */
  public static List<String> ensure(Admin admin, TopicSettings settings, Duration timeout) {
    List<String> names = new ArrayList<>();
    for (Split split : Split.values()) {
      names.add(settings.topic(split));
    }
    return ensure(admin, names, settings, timeout);
  }

  /**
   * Creates the missing topics among {@code names} with the partitions, replication, retention and
   * message-size limit of {@code settings} (its prefix is not used) and returns those it created.
   */
  public static List<String> ensure(Admin admin, List<String> names, TopicSettings settings, Duration timeout) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> created = new ArrayList<>();
      for (String name : names) {
        if (!existing.contains(name) && create(admin, newTopic(name, settings), timeout)) {
          created.add(name);
        }
      }
      awaitVisible(admin, created, timeout);
      return created;
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not answer within " + timeout.toSeconds() + " s while listing topics", e);
    } catch (ExecutionException e) {
      throw new KafkaUnavailableException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("interrupted while creating topics", e);
    }
  }

  /** The topic as these settings describe it. */
  static NewTopic newTopic(String name, TopicSettings settings) {
    return new NewTopic(name, settings.partitions(), settings.replicationFactor())
        .configs(Map.of(
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.retentionMs()),
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(settings.maxMessageBytes())));
  }

  /** Waits until the broker serves the new topics' metadata, which lags their creation a little. */
  private static void awaitVisible(Admin admin, List<String> names, Duration timeout)
      throws InterruptedException, TimeoutException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!names.isEmpty()) {
      try {
        admin.describeTopics(names).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Creates one topic; false if another client created it first. */
  private static boolean create(Admin admin, NewTopic topic, Duration timeout)
      throws InterruptedException, TimeoutException, ExecutionException {
    try {
      admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e;
    }
  }
}
