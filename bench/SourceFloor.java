import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import streamnet.job.DecodeExamples;
import streamnet.job.ExampleRecord;
import streamnet.job.RawRecord;
import streamnet.job.kafka.KafkaEndpoints;
import streamnet.kafka.KafkaClients;
import streamnet.record.Example;

/**
 * The CPU floor of the Flink job's input, with nothing trained: the training topic read to its end
 * by the job's own KafkaSource at parallelism 2 in a local MiniCluster, and, with "decode", also
 * checked, rebalanced and decoded into examples as the job does up to its workers (one example or
 * a batch per record); what arrives is then counted (records, or examples with "decode") and discarded.
 * Prints the records read, wall seconds and this JVM's CPU-seconds (all its threads: the sources,
 * Flink, the JIT compilers, start-up); the broker's CPU is counted by bench/source-floor.sh.
 *
 * Arguments: BOOTSTRAP PREFIX source|decode
 */
public final class SourceFloor {
  public static void main(String[] args) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long t0 = System.nanoTime();
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.getConfig().enableObjectReuse();
    KafkaEndpoints endpoints = new KafkaEndpoints(
        new KafkaClients(args[0], Map.of(), Duration.ofSeconds(15)), args[1], "floor-" + System.nanoTime());
    DataStream<RawRecord> records = env.fromSource(
        endpoints.trainingSource(false), WatermarkStrategy.noWatermarks(), "training topic",
        TypeInformation.of(RawRecord.class)).setParallelism(2);
    DataStream<?> read = args[2].equals("decode")
        ? records.process(new DecodeExamples(), TypeInformation.of(ExampleRecord.class)).setParallelism(2).rebalance()
            .flatMap((ExampleRecord record, Collector<Example> out) -> record.examples().forEach(out::collect),
                TypeInformation.of(Example.class)).setParallelism(2)
        : records;
    read.filter(new Counted<>()).setParallelism(2).sinkTo(new DiscardingSink<>()).setParallelism(2);
    long count = env.execute("source floor").<Long>getAccumulatorResult(Counted.NAME);
    double wall = (System.nanoTime() - t0) / 1e9;
    System.out.printf("mode %s\t%s %d\twall_s %.1f\tjvm_cpu_s %.1f%n",
        args[2], args[2].equals("decode") ? "examples" : "records", count, wall, os.getProcessCpuTime() / 1e9);
  }

  /** Counts what reaches it into an accumulator and lets nothing through. */
  static final class Counted<T> extends RichFilterFunction<T> {
    static final String NAME = "records";
    private final LongCounter counter = new LongCounter();

    @Override
    public void open(OpenContext context) {
      getRuntimeContext().addAccumulator(NAME, counter);
    }

    @Override
    public boolean filter(T value) {
      counter.add(1);
      return false;
    }
  }
}
