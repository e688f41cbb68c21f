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
}
