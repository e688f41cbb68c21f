package streamnet.producer.testing;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link KafkaBootstrap} of one broker that every test class of the run shares: it
 * starts on first use and stops when the run ends (it lives in the root context's store).
 *
 * <p>The broker is the real local one (child JVM, see KafkaBroker) unless the system property
 * {@value #KIND_PROPERTY} or the environment variable {@value #KIND_VARIABLE} says
 * {@code testcontainers}, which runs the apache/kafka image in Docker instead.
 */
public final class SharedKafkaExtension implements ParameterResolver {

  /** System property choosing the broker: {@code local} (default) or {@code testcontainers}. */
  public static final String KIND_PROPERTY = "streamnet.kafka";

  /** Environment variable choosing the broker when the system property is not set. */
  public static final String KIND_VARIABLE = "STREAMNET_KAFKA";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == KafkaBootstrap.class;
  }

  @Override
  public KafkaBootstrap resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    TestBroker broker = extensionContext.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestBroker.class, key -> startBroker(), TestBroker.class);
    return new KafkaBootstrap(broker.bootstrapServers());
  }

  /** Starts the kind of broker the switch names. */
  private static TestBroker startBroker() {
    String kind = System.getProperty(KIND_PROPERTY, System.getenv().getOrDefault(KIND_VARIABLE, "local"));
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "local" -> new LocalTestBroker();
      case "testcontainers" -> TestcontainersTestBroker.start();
      default -> throw new IllegalArgumentException(KIND_PROPERTY + " must be local or testcontainers, not " + kind);
    };
  }
}
