package streamnet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import streamnet.producer.testing.KafkaBootstrap;
import streamnet.producer.testing.SharedKafkaExtension;

@ExtendWith(SharedKafkaExtension.class)
class TopicsTest {

  @Test
  void createsMissingTopicsOnceWithTheirSettings(KafkaBootstrap kafka) throws Exception {
    TopicSettings settings = new TopicSettings("topics-test-", 3, (short) 1, 3_600_000L, 2_000_000);
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), Duration.ofSeconds(30));
    try (Admin admin = clients.admin()) {
      assertThat(Topics.ensure(admin, settings, clients.timeout()))
          .containsExactly("topics-test-train", "topics-test-validation", "topics-test-test");
      assertThat(Topics.ensure(admin, settings, clients.timeout())).isEmpty();

      Map<String, TopicDescription> topics = admin.describeTopics(List.of("topics-test-train", "topics-test-test")).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
      ConfigResource train = new ConfigResource(ConfigResource.Type.TOPIC, "topics-test-train");
      var config = admin.describeConfigs(List.of(train)).all().get(30, TimeUnit.SECONDS).get(train);
      assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("3600000");
      assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).isEqualTo("2000000");
    }
  }

  @Test
  void leavesAnExistingTopicAsItIs(KafkaBootstrap kafka) throws Exception {
    KafkaClients clients = new KafkaClients(kafka.servers(), Map.of(), Duration.ofSeconds(30));
    try (Admin admin = clients.admin()) {
      admin.createTopics(List.of(Topics.newTopic("existing-validation", TopicSettings.defaults().withPrefix("existing-"))
          .configs(Map.of()))).all().get(30, TimeUnit.SECONDS);
      Collection<String> created = Topics.ensure(admin, TopicSettings.defaults().withPrefix("existing-"), clients.timeout());
      assertThat(created).containsExactly("existing-train", "existing-test");
    }
  }
}
