package streamnet.record;

/** The MNIST split an example belongs to, with the code it has on the wire. */
public enum Split {
  TRAINING(0, "train"),
  VALIDATION(1, "validation"),
  TEST(2, "test");

  private final int code;
  private final String topicSuffix;

  Split(int code, String topicSuffix) {
    this.code = code;
    this.topicSuffix = topicSuffix;
  }

  /** The byte that stands for this split in a record value. */
  public int code() {
    return code;
  }

  /** The part of the topic name after the topic prefix, e.g. {@code train}. */
  public String topicSuffix() {
    return topicSuffix;
  }

  /** The split with the given wire code. */
  static Split ofCode(int code) {
    for (Split split : values()) {
      if (split.code == code) {
        return split;
      }
    }
    throw new InvalidRecordException(InvalidRecordException.Reason.UNKNOWN_SPLIT, "unknown split code " + code);
  }
}
