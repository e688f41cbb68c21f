package streamnet.job;

/** A record that could not be decoded, with why, bound for the dead-letter topic. */
public record DeadLetter(RawRecord record, String reason) {}
