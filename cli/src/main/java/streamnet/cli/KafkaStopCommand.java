package streamnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import streamnet.producer.broker.KafkaBroker;

/** Stops the broker whose pid file is in the folder (SIGTERM, a clean shutdown). */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops the broker started from --dir, by its pid file.")
final class KafkaStopCommand implements Callable<Integer> {

  @Mixin BrokerOptions broker;

  @Override
  public Integer call() {
    boolean stopped = KafkaBroker.stop(broker.dir());
    System.out.println(stopped ? "Kafka stopped" : "Kafka was not running from " + broker.dir());
    return 0;
  }
}
