package streamnet.job;

/** A model file to write under the run folder: its name and its network2 JSON. */
public record ModelFileRecord(String name, byte[] json) {}
