package streamnet.producer.testing;

/** A broker the tests of one run share; closed when the run ends. */
interface TestBroker extends AutoCloseable {

  /** The address clients bootstrap from. */
  String bootstrapServers();

  @Override
  void close();
}
