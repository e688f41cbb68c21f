package streamnet.job.kafka;

import java.util.Collection;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A source that watermark alignment pauses as a whole, never split by split.
 *
 * <p>Flink's alignment has two levels: the source operator stops reading once its watermark runs
 * too far ahead, and it asks the reader to pause single splits that run ahead of the others. In
 * flink-connector-kafka 5.0.0-2.2 the second level can fail the job (FLINK-39728, fixed upstream
 * after that release): the pause request is built on the task thread, and when the split has
 * finished on the fetcher thread meanwhile, the Kafka consumer throws "No current assignment for
 * partition" and the fetcher dies. A bounded training topic finishes every split, so a paced run
 * met this at its end (one in three 30-epoch runs here). This wrapper's readers take pause and
 * resume requests without passing them on, which leaves the first level — pausing the whole
 * source — to do the pacing; Kafka's consumer fetches its partitions in turn, so they stay close.
 */
public final class PacedAsAWholeSource<T, SplitT extends SourceSplit, EnumChkT>
    extends DelegatingSource<T, SplitT, EnumChkT> {

  public PacedAsAWholeSource(Source<T, SplitT, EnumChkT> source) {
    super(source);
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new DelegatingReader<>(source.createReader(context)) {
      @Override
      public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
        // Deliberately nothing: see the class comment.
      }
    };
  }
}
