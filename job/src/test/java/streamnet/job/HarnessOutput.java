package streamnet.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

/** The records an operator test harness has emitted on its main output, in order. */
final class HarnessOutput {
  private HarnessOutput() {}

  static <T> List<T> of(AbstractStreamOperatorTestHarness<T> harness) {
    List<T> values = new ArrayList<>();
    for (Object record : harness.getOutput()) {
      if (record instanceof StreamRecord<?> streamRecord) {
        @SuppressWarnings("unchecked")
        T value = (T) streamRecord.getValue();
        values.add(value);
      }
    }
    return values;
  }

  /** The contributions a worker harness emitted, whole: its parts for every shard, put together again. */
  static List<Contribution> contributions(AbstractStreamOperatorTestHarness<ShardContribution> harness) {
    List<Contribution> whole = new ArrayList<>();
    List<ShardContribution> parts = of(harness);
    int shards = (int) parts.stream().mapToInt(ShardContribution::shard).max().orElse(0) + 1;
    for (int c = 0; c < parts.size(); c += shards) {
      List<ShardContribution> one = parts.subList(c, c + shards);
      Contribution first = one.get(0).contribution();
      whole.add(new Contribution(first.worker(), first.generation(), first.baseVersion(), first.examples(),
          first.costSum(), first.correct(), first.prequentialCostSum(), first.prequentialCorrect(),
          first.waitingMillis(), first.finished(),
          join(one.stream().map(part -> part.contribution().parameters()).toList()),
          join(one.stream().map(part -> part.contribution().velocity()).toList())));
    }
    return whole;
  }

  private static float[] join(List<float[]> slices) {
    float[] whole = new float[slices.stream().mapToInt(slice -> slice.length).sum()];
    int at = 0;
    for (float[] slice : slices) {
      System.arraycopy(slice, 0, whole, at, slice.length);
      at += slice.length;
    }
    return whole;
  }
}
