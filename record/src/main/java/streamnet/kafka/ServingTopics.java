package streamnet.kafka;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;

/**
 * The serving path's topics: {@code <prefix>predict} carries unlabeled examples to the serving job,
 * {@code <prefix>predictions} its answers, both keyed by the example id and created like the
 * producer's topics ({@link TopicSettings}: its partitions bound the serving job's useful
 * parallelism). The serving job and the predict client both create them, whichever starts first.
 */
public final class ServingTopics {
  public static final String PREDICT_SUFFIX = "predict";
  public static final String PREDICTIONS_SUFFIX = "predictions";

  private ServingTopics() {}

  public static String predict(String prefix) {
    return prefix + PREDICT_SUFFIX;
  }

  public static String predictions(String prefix) {
    return prefix + PREDICTIONS_SUFFIX;
  }

  /** Creates whichever of the two topics of {@code settings}' prefix is missing. */
  public static List<String> ensure(Admin admin, TopicSettings settings, Duration timeout) {
    return Topics.ensure(admin, List.of(predict(settings.prefix()), predictions(settings.prefix())), settings, timeout);
  }
}
