package streamnet.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** A taken dashboard port is refused with a message naming the flag, before any MiniCluster starts. */
class DashboardPortTest {

  @Test
  void aTakenDashboardPortIsRefusedNamingTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> LocalRunner.requireFreePort(taken.getLocalPort()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("port " + taken.getLocalPort() + " on 127.0.0.1 for the Flink dashboard is in use (another"
              + " dashboard, or a Kafka broker's controller port, its client port + 1); choose another --web-ui-port");
    }
  }

  @Test
  void aFreePortPasses() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    assertThatCode(() -> LocalRunner.requireFreePort(port)).doesNotThrowAnyException();
  }
}
