package streamnet.job;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something the job could not use, bound for the dead-letter topic: a key and value, why, and
 * where it came from (Kafka headers). A record that does not decode keeps its own key and value;
 * a contribution that is not finite is described by its worker and version alone (its values are
 * NaN or infinite, and a large network's would not fit in a record).
 */
public record DeadLetter(byte[] key, byte[] value, String reason, Map<String, String> origin) {

  /** A Kafka record that did not decode. */
  public static DeadLetter ofRecord(RawRecord record, String reason) {
    Map<String, String> origin = new LinkedHashMap<>();
    origin.put("source-topic", record.topic());
    origin.put("source-partition", String.valueOf(record.partition()));
    origin.put("source-offset", String.valueOf(record.offset()));
    return new DeadLetter(record.key(), record.value(), reason, origin);
  }

  /** A worker's contribution the averager rejected. */
  public static DeadLetter ofContribution(Contribution contribution, String reason) {
    Map<String, String> origin = new LinkedHashMap<>();
    origin.put("worker", String.valueOf(contribution.worker()));
    origin.put("generation", String.valueOf(contribution.generation()));
    origin.put("base-version", String.valueOf(contribution.baseVersion()));
    origin.put("examples", String.valueOf(contribution.examples()));
    return new DeadLetter(
        ("worker-" + contribution.worker()).getBytes(StandardCharsets.UTF_8), new byte[0], reason, origin);
  }
}
