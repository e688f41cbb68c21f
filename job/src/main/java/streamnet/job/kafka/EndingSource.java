package streamnet.job.kafka;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.api.common.functions.FilterFunction;

/**
 * A source that ends after emitting a record the predicate calls last. The model topic is an
 * unbounded Kafka topic, but a run must finish when the averager publishes its stop message: the
 * KafkaSource has no end-of-stream hook, so this wraps its readers. Everything else (splits,
 * offsets in checkpoints, enumeration) is the wrapped source's.
 */
public final class EndingSource<T, SplitT extends SourceSplit, EnumChkT>
    implements Source<T, SplitT, EnumChkT> {
  private final Source<T, SplitT, EnumChkT> source;
  private final FilterFunction<T> isLast;

  public EndingSource(Source<T, SplitT, EnumChkT> source, FilterFunction<T> isLast) {
    this.source = source;
    this.isLast = isLast;
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> createEnumerator(SplitEnumeratorContext<SplitT> context)
      throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<SplitT, EnumChkT> restoreEnumerator(
      SplitEnumeratorContext<SplitT> context, EnumChkT checkpoint) throws Exception {
    return source.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<SplitT> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<EnumChkT> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<T, SplitT> createReader(SourceReaderContext context) throws Exception {
    return new EndingReader<>(source.createReader(context), isLast);
  }

  /** Passes records through until the last one, then reports the end of input. */
  private static final class EndingReader<T, SplitT extends SourceSplit> implements SourceReader<T, SplitT> {
    private final SourceReader<T, SplitT> reader;
    private final FilterFunction<T> isLast;
    private boolean ended;

    EndingReader(SourceReader<T, SplitT> reader, FilterFunction<T> isLast) {
      this.reader = reader;
      this.isLast = isLast;
    }

    @Override
    public void start() {
      reader.start();
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
    public List<SplitT> snapshotState(long checkpointId) {
      return reader.snapshotState(checkpointId);
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
      return ended ? CompletableFuture.completedFuture(null) : reader.isAvailable();
    }

    @Override
    public void addSplits(List<SplitT> splits) {
      reader.addSplits(splits);
    }

    @Override
    public void notifyNoMoreSplits() {
      reader.notifyNoMoreSplits();
    }

    @Override
    public void handleSourceEvents(SourceEvent event) {
      reader.handleSourceEvents(event);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
      reader.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
      reader.pauseOrResumeSplits(toPause, toResume);
    }

    @Override
    public void close() throws Exception {
      reader.close();
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
