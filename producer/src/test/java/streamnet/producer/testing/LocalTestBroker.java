package streamnet.producer.testing;

import streamnet.producer.broker.TemporaryBroker;

/** The real local broker (child JVM) on free ports in a temporary folder. */
final class LocalTestBroker implements TestBroker {

  private final TemporaryBroker broker = TemporaryBroker.start();

  @Override
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public void close() {
    broker.close();
  }
}
