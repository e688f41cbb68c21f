package streamnet.job;

/** A Kafka record as read, before decoding: where it came from, its key and value bytes. */
public record RawRecord(String topic, int partition, long offset, byte[] key, byte[] value) {}
