package streamnet.job;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Reads the validation and test sets whole, for the averager: when it starts and again after every
 * restore, so they never ride in checkpoints. (A Flink source cannot deliver them again: a source
 * that had finished when a checkpoint was taken is not run again when the job restores it.)
 */
public interface ReferenceReader extends Serializable {
  /** Every record of the validation and test topics as they are now. */
  List<RawRecord> read() throws IOException;
}
