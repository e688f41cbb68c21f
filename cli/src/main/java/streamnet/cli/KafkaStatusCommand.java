package streamnet.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.producer.broker.KafkaBroker;

/** Says whether the broker of the folder runs; exit code 0 if it does, 3 if not. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Says whether the broker of --dir is running (exit code 0) or not (3).")
final class KafkaStatusCommand implements Callable<Integer> {

  /** The LSB exit code of a status command for a service that is not running. */
  private static final int NOT_RUNNING = 3;

  @Mixin BrokerOptions broker;

  @Override
  public Integer call() {
    Optional<ProcessHandle> running = KafkaBroker.running(broker.dir());
    if (running.isEmpty()) {
      System.out.println("Kafka is not running from " + broker.dir());
      return NOT_RUNNING;
    }
    System.out.println("Kafka is running from " + broker.dir() + " (pid " + running.get().pid() + ", log " + broker.dir().resolve("broker.log") + ")");
    return 0;
  }
}
