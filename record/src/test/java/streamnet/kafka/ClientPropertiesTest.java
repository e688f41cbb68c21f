package streamnet.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {

  @Test
  void loadsAPropertiesFileAndHidesEverySecretWhenShown(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, """
        # SASL over TLS
        security.protocol=SASL_SSL
        sasl.mechanism=PLAIN
        sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="hunter2";
        ssl.truststore.location=/etc/kafka/truststore.jks
        ssl.truststore.password=changeit
        ssl.key.password=s3cret
        """);
    Map<String, String> properties = ClientProperties.load(file);
    assertThat(properties).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.key.password", "s3cret").hasSize(6);

    String shown = ClientProperties.redacted(properties);
    assertThat(shown).contains("security.protocol=SASL_SSL", "ssl.truststore.location=/etc/kafka/truststore.jks", "sasl.jaas.config=[hidden]")
        .doesNotContain("hunter2", "changeit", "s3cret");
  }
}
