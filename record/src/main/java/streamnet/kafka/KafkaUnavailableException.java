package streamnet.kafka;

/** Kafka could not be reached or refused what was asked; the message is meant for a person. */
public final class KafkaUnavailableException extends IllegalStateException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
