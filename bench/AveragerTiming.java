import java.util.List;
import streamnet.job.AveragerShard;
import streamnet.job.AveragingMode;
import streamnet.job.Contribution;
import streamnet.job.DeadLetter;
import streamnet.job.JobSettings;
import streamnet.job.ModelSlice;
import streamnet.job.RoundReport;
import streamnet.job.ShardContribution;
import streamnet.job.ShardLayout;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Regularization;
import streamnet.network.WeightInitializer;
import streamnet.network.train.TrainingSettings;

/**
 * Microtiming of one averager shard's work per round, Flink and Kafka left out: shard 0 of S takes
 * P contributions' slices, already cut (AveragerShard.onContribution: the example-weighted sums in double) and
 * closes the round (the mean, the published slice, the report). Prints the nanoseconds per round and
 * per parameter-contribution (one parameter of one worker's slice), the figure docs/scaling.md
 * multiplies out. No JMH: a warm-up, then the median of 7 timed batches, in thread CPU time. Run by bench/averager-timing.sh.
 *
 * Arguments: SIZES (e.g. 784,100,10) and cells P:S ...
 */
public final class AveragerTiming {
  /** The thread's CPU time, not wall time: this machine is shared, wall time counts other processes' turns. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    int[] sizes = java.util.Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
    Architecture architecture = Architecture.sigmoid(Cost.CROSS_ENTROPY, sizes);
    int parameters = Network.zeros(architecture).parameterCount();
    for (int a = 1; a < args.length; a++) {
      int p = Integer.parseInt(args[a].split(":")[0]);
      int s = Integer.parseInt(args[a].split(":")[1]);
      JobSettings settings = new JobSettings(
          new TrainingSettings(architecture, WeightInitializer.DEFAULT,
              new Hyperparameters(0.5, 5.0, Regularization.L2, 0.0, 0, 50_000), 10, 1_000_000, 0, false, 1),
          p, 10, AveragingMode.SYNC, Integer.MAX_VALUE).withAveragers(s);
      ShardLayout layout = settings.shardLayout();
      AveragerShard shard = new AveragerShard("timing", settings, 0);
      long[] published = {0};
      AveragerShard.Output out = new AveragerShard.Output() {
        @Override public void publish(ModelSlice slice) { published[0]++; }
        @Override public void report(RoundReport report) {}
        @Override public void deadLetter(DeadLetter letter) {}
      };
      shard.start(out);
      float[][] replicas = new float[p][];
      java.util.Random random = new java.util.Random(1);
      for (int w = 0; w < p; w++) {
        replicas[w] = new float[parameters];
        for (int i = 0; i < parameters; i++) {
          replicas[w][i] = (float) random.nextGaussian() * 0.1f;
        }
      }
      int slice = layout.to(0) - layout.from(0);
      int roundsPerBatch = Math.max(20, (int) (2e8 / ((long) p * slice)));
      float[][] slices = new float[p][];
      for (int w = 0; w < p; w++) {
        slices[w] = layout.slice(replicas[w], 0);   // what the worker's split sends this shard
      }
      long[] version = {0};
      Runnable batch = () -> {
        for (int r = 0; r < roundsPerBatch; r++) {
          for (int w = 0; w < p; w++) {
            shard.onContribution(new ShardContribution(0, true, new Contribution(w, 0, version[0], 100, 1.0, 50, 0,
                false, slices[w], new float[0])), out);
          }
          version[0]++;
        }
      };
      for (int i = 0; i < 3; i++) {
        batch.run();
      }
      long[] times = new long[7];
      for (int i = 0; i < times.length; i++) {
        long t0 = CPU.getCurrentThreadCpuTime();
        batch.run();
        times[i] = CPU.getCurrentThreadCpuTime() - t0;
      }
      java.util.Arrays.sort(times);
      double shardPerRound = times[3] / (double) roundsPerBatch;
      // the worker's side: cutting one contribution into S slices (ShardLayout.split), per contribution
      long t0 = CPU.getCurrentThreadCpuTime();
      long sink = 0;
      for (int r = 0; r < roundsPerBatch; r++) {
        sink += layout.split(new Contribution(0, 0, 0, 100, 1.0, 50, 0, false, replicas[0], new float[0])).size();
      }
      double splitPerContribution = (CPU.getCurrentThreadCpuTime() - t0) / (double) roundsPerBatch;
      System.out.printf("sizes=%s parameters=%d P=%d S=%d slice=%d rounds=%d shard_ns_per_round=%.0f"
              + " shard_ns_per_parameter_contribution=%.3f worker_split_ns_per_contribution=%.0f published=%d%s%n",
          args[0], parameters, p, s, slice, version[0], shardPerRound, shardPerRound / ((double) p * slice),
          splitPerContribution, published[0], sink < 0 ? "!" : "");
    }
  }
}
