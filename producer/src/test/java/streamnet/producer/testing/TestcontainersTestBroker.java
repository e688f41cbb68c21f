package streamnet.producer.testing;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A broker in a Docker container (the apache/kafka image), for machines with a Docker engine.
 * Chosen with -Dstreamnet.kafka=testcontainers; not run on machines without Docker.
 */
final class TestcontainersTestBroker implements TestBroker {

  /** System property naming the image; the build sets it to the broker version of the kafka-broker module. */
  static final String IMAGE_PROPERTY = "streamnet.kafka.image";

  private final KafkaContainer container;

  private TestcontainersTestBroker(KafkaContainer container) {
    this.container = container;
  }

  /** Starts a container of the configured image. */
  static TestcontainersTestBroker start() {
    KafkaContainer container = new KafkaContainer(DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, "apache/kafka:4.4.0")));
    container.start();
    return new TestcontainersTestBroker(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
