package streamnet.producer;

import java.util.Locale;

/** What a producer run did: records handed to Kafka, acknowledged by the broker, and failed. */
public record SendCounts(long sent, long acknowledged, long failed) {

  /** Records sent whose fate is not known, e.g. when the run was cut short before a flush. */
  public long unconfirmed() {
    return sent - acknowledged - failed;
  }

  /** A line for a person. */
  public String describe() {
    return String.format(Locale.ROOT, "%,d examples sent, %,d acknowledged by Kafka, %,d failed, %,d unconfirmed",
        sent, acknowledged, failed, unconfirmed());
  }
}
