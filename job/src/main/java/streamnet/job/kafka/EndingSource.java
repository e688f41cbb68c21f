package streamnet.job.kafka;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * A source that ends after emitting a record the predicate calls last. The model topic is an
 * unbounded Kafka topic, but a run must finish when the averager publishes its stop message: the
 * KafkaSource has no end-of-stream hook, so this wraps its readers. Everything else (splits,
 * offsets in checkpoints, enumeration) is the wrapped source's.
 */
public final class EndingSource<T, SplitT extends SourceSplit, EnumChkT>
    extends DelegatingSource<T, SplitT, EnumChkT> {
  private final FilterFunction<T> isLast;

  public EndingSource(Source<T, SplitT, EnumChkT> source, FilterFunction<T> isLast) {
    super(source);
    this.isLast = isLast;
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new EndingReader<>(source.createReader(context), isLast);
  }

  /** Passes records through until the last one, then reports the end of input. */
  private static final class EndingReader<T, SplitT extends SourceSplit> extends DelegatingReader<T, SplitT> {
    private final FilterFunction<T> isLast;
    private boolean ended;

    EndingReader(SourceReader<T, SplitT> reader, FilterFunction<T> isLast) {
      super(reader);
      this.isLast = isLast;
    }

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
      if (ended) {
        return InputStatus.END_OF_INPUT;
      }
      InputStatus status = reader.pollNext(new Watching(output));
      return ended ? InputStatus.END_OF_INPUT : status;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return ended ? CompletableFuture.completedFuture(null) : reader.isAvailable();
    }

    private void seen(T record) {
      try {
        ended |= isLast.filter(record);
      } catch (Exception e) {
        throw new IllegalStateException("cannot tell whether " + record + " is the last record", e);
      }
    }

    /** The reader's output, watched for the last record (also through per-split outputs). */
    private final class Watching implements ReaderOutput<T> {
      private final ReaderOutput<T> output;

      Watching(ReaderOutput<T> output) {
        this.output = output;
      }

      @Override
      public void collect(T record) {
        if (!ended) {
          output.collect(record);
          seen(record);
        }
      }

      @Override
      public void collect(T record, long timestamp) {
        if (!ended) {
          output.collect(record, timestamp);
          seen(record);
        }
      }

      @Override
      public void emitWatermark(Watermark watermark) {
        output.emitWatermark(watermark);
      }

      @Override
      public void markIdle() {
        output.markIdle();
      }

      @Override
      public void markActive() {
        output.markActive();
      }

      @Override
      public SourceOutput<T> createOutputForSplit(String splitId) {
        SourceOutput<T> split = output.createOutputForSplit(splitId);
        return new SourceOutput<>() {
          @Override
          public void collect(T record) {
            if (!ended) {
              split.collect(record);
              seen(record);
            }
          }

          @Override
          public void collect(T record, long timestamp) {
            if (!ended) {
              split.collect(record, timestamp);
              seen(record);
            }
          }

          @Override
          public void emitWatermark(Watermark watermark) {
            split.emitWatermark(watermark);
          }

          @Override
          public void markIdle() {
            split.markIdle();
          }

          @Override
          public void markActive() {
            split.markActive();
          }
        };
      }

      @Override
      public void releaseOutputForSplit(String splitId) {
        output.releaseOutputForSplit(splitId);
      }
    }
  }
}
