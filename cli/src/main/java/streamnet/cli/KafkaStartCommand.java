package streamnet.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.producer.broker.KafkaBroker;

/** Starts the broker and leaves it running after this command exits. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the broker; returns once it accepts clients.")
final class KafkaStartCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Override
  public Integer call() {
    Optional<ProcessHandle> running = KafkaBroker.running(broker.dir());
    if (running.isPresent()) {
      System.out.println("Kafka is already running from " + broker.dir() + " (pid " + running.get().pid() + ")");
      return 0;
    }
    // Not closed on purpose: the broker outlives this command until ./streamnet kafka stop.
    KafkaBroker started = KafkaBroker.start(broker.settings());
    System.out.println("Kafka started at " + started.bootstrapServers() + " (pid " + started.pid() + ", folder " + broker.dir() + ")");
    System.out.println("Stop it with: ./streamnet kafka stop" + (broker.dir == null ? "" : " --dir " + broker.dir()));
    return 0;
  }
}
