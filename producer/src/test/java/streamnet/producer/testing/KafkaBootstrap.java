package streamnet.producer.testing;

/** What a test gets from {@link SharedKafkaExtension}: the bootstrap address of a running broker. */
public record KafkaBootstrap(String servers) {}
