package streamnet.producer;

/** Kafka did not take an example; the message is meant for a person. */
public final class SendFailedException extends IllegalStateException {

  public SendFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
