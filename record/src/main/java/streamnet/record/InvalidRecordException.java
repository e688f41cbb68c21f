package streamnet.record;

/** A record value that {@link ExampleCodec} refuses to decode; the job dead-letters these. */
public final class InvalidRecordException extends RuntimeException {

  /** Why a record was refused. */
  public enum Reason {
    WRONG_VERSION,
    WRONG_LENGTH,
    LABEL_OUT_OF_RANGE,
    UNKNOWN_SPLIT,
    NEGATIVE_EPOCH
  }

  private final Reason reason;

  public InvalidRecordException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The machine-readable cause, e.g. for a dead-letter header. */
  public Reason reason() {
    return reason;
  }
}
