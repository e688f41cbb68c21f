package streamnet.producer.broker;

/** The local broker could not be started, found or stopped; the message says why for a person. */
public final class BrokerException extends IllegalStateException {

  public BrokerException(String message) {
    super(message);
  }

  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }
}
