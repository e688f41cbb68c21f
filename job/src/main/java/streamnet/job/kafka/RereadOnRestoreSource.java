package streamnet.job.kafka;

import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * A bounded source that reads everything again after every restore, so what it delivers need not
 * ride in checkpoints: the validation and test sets, which the averager keeps only in memory. Its
 * readers checkpoint no splits and a restored job gets a fresh enumerator, which assigns every
 * partition from the start as on a first run and ends the input as a first run does.
 */
public final class RereadOnRestoreSource<T, SplitT extends SourceSplit, EnumChkT>
    extends DelegatingSource<T, SplitT, EnumChkT> {

  public RereadOnRestoreSource(Source<T, SplitT, EnumChkT> source) {
    super(source);
    if (source.getBoundedness() != Boundedness.BOUNDED) {
      throw new IllegalArgumentException("only a bounded source can be read again whole");
    }
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(
      SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint) throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new DelegatingReader<>(source.createReader(context)) {
      @Override
      public List<SplitT> snapshotState(long checkpointId) {
        reader.snapshotState(checkpointId);
        return List.of();
      }
    };
  }
}
