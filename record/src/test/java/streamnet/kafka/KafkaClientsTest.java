package streamnet.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  @Test
  void anUnreachableBrokerFailsWithinTheTimeoutWithAClearMessage() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    KafkaClients clients = new KafkaClients("127.0.0.1:" + closedPort, Map.of(), Duration.ofSeconds(2));
    long start = System.nanoTime();
    try (Admin admin = clients.admin()) {
      assertThatThrownBy(() -> clients.requireReachable(admin))
          .isInstanceOf(KafkaUnavailableException.class)
          .hasMessage("cannot reach Kafka at 127.0.0.1:" + closedPort + " within 2 s (is a broker running? ./streamnet kafka start)");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
