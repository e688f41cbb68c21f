package streamnet.producer.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerTest {

  @TempDir Path dir;

  @Test
  void startsAcceptsClientsAndStopsByPidFile() throws Exception {
    BrokerSettings settings = BrokerSettings.onFreePorts(dir);
    try (KafkaBroker broker = KafkaBroker.start(settings)) {
      assertThat(KafkaBroker.running(dir)).map(ProcessHandle::pid).contains(broker.pid());
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
      }
      ProcessHandle process = ProcessHandle.of(broker.pid()).orElseThrow();
      Path arguments = Path.of("/proc", Long.toString(broker.pid()), "cmdline");
      if (Files.exists(arguments)) { // Linux; ProcessHandle.Info has no arguments for a command line this long
        assertThat(Files.readString(arguments).split("\0")).contains(KafkaBroker.JVM_OPTIONS.toArray(String[]::new));
      }
      assertThat(KafkaBroker.stop(dir)).isTrue();
      assertThat(process.isAlive()).isFalse();
      assertThat(dir.resolve(KafkaBroker.PID_FILE)).doesNotExist();
      assertThat(KafkaBroker.logTail(dir, 50)).contains("shut down completely");
      assertThat(KafkaBroker.running(dir)).isEmpty();
      assertThat(KafkaBroker.stop(dir)).isFalse();
    }
  }

  @Test
  void refusesABusyPortWithAClearMessage() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName(BrokerSettings.HOST))) {
      BrokerSettings settings = BrokerSettings.of(dir, busy.getLocalPort()).withControllerPort(BrokerSettings.onFreePorts(dir).controllerPort());
      assertThatThrownBy(() -> KafkaBroker.start(settings))
          .isInstanceOf(BrokerException.class)
          .hasMessageContaining("port " + busy.getLocalPort() + " on 127.0.0.1 is already in use");
      assertThat(dir.resolve(KafkaBroker.PID_FILE)).doesNotExist();
    }
  }

  @Test
  void refusesAFormattedFolderWithOtherPorts() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data").resolve("meta.properties"), "cluster.id=x\n");
    Files.writeString(dir.resolve(KafkaBroker.PROPERTIES_FILE), KafkaBroker.serverProperties(BrokerSettings.of(dir, 1), dir.resolve("data")));
    assertThatThrownBy(() -> KafkaBroker.start(BrokerSettings.onFreePorts(dir)))
        .isInstanceOf(BrokerException.class)
        .hasMessageContaining("was set up with other ports");
  }

  @Test
  void aFolderSetUpByAnEarlierVersionStartsWithThisVersionsSettings() throws Exception {
    BrokerSettings settings = BrokerSettings.onFreePorts(dir);
    try (KafkaBroker broker = KafkaBroker.start(settings)) {
      assertThat(KafkaBroker.stop(dir)).isTrue();
    }
    Path properties = dir.resolve(KafkaBroker.PROPERTIES_FILE);
    String retention = "log.retention.check.interval.ms=" + KafkaBroker.RETENTION_CHECK_INTERVAL_MS + "\n";
    Files.writeString(properties, Files.readString(properties).replace(retention, ""));

    try (KafkaBroker broker = KafkaBroker.start(settings)) {
      assertThat(Files.readString(properties)).contains(retention);
      assertThat(KafkaBroker.stop(dir)).isTrue();
    }
  }

  @Test
  void enforcesRetentionEveryThirtySeconds() {
    assertThat(KafkaBroker.serverProperties(BrokerSettings.of(dir, 9192), dir).lines())
        .contains("log.retention.check.interval.ms=30000");
  }

  @Test
  void configuresASingleKraftNodeOnLoopback() {
    String properties = KafkaBroker.serverProperties(new BrokerSettings(dir, 9192, 9193, 512, BrokerSettings.DEFAULT_START_TIMEOUT), dir);
    assertThat(properties.lines()).contains(
        "process.roles=broker,controller",
        "controller.quorum.bootstrap.servers=127.0.0.1:9193",
        "listeners=PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193",
        "advertised.listeners=PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193",
        "offsets.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0");
    assertThat(properties).doesNotContain("controller.quorum.voters");
  }

  @Test
  void clusterIdsAreTwentyTwoUrlSafeCharactersNotStartingWithADash() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      ids.add(KafkaBroker.newClusterId());
    }
    assertThat(ids).hasSize(1_000).allSatisfy(id -> assertThat(id).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}"));
  }
}
