package streamnet.job;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * Workers and an averager wired in memory the way the job wires them through Flink and Kafka: every
 * published model reaches every worker, every contribution reaches the averager, in order.
 */
final class ProtocolBus implements Averaging.Output {
  final Averaging averager;
  final List<Worker> workers = new ArrayList<>();
  final List<ModelUpdate> published = new ArrayList<>();
  final List<String> metrics = new ArrayList<>();
  final Map<String, byte[]> files = new TreeMap<>();
  final List<DeadLetter> deadLetters = new ArrayList<>();
  private final ArrayDeque<ModelUpdate> modelsInFlight = new ArrayDeque<>();
  private final ArrayDeque<Contribution> contributionsInFlight = new ArrayDeque<>();

  ProtocolBus(Averaging averager, int parallelism, String runId, JobSettings settings) {
    this(averager, parallelism, runId, 0, settings);
  }

  /** A bus whose workers run in execution attempt {@code attempt}. */
  ProtocolBus(Averaging averager, int parallelism, String runId, int attempt, JobSettings settings) {
    this.averager = averager;
    for (int w = 0; w < parallelism; w++) {
      workers.add(new Worker(w, runId, attempt, settings));
    }
  }

  @Override
  public void publish(ModelUpdate update) {
    published.add(update);
    modelsInFlight.add(update);
  }

  @Override
  public void metrics(String line) {
    metrics.add(line);
  }

  @Override
  public void modelFile(String name, byte[] json) {
    files.put(name, json);
  }

  @Override
  public void deadLetter(DeadLetter letter) {
    deadLetters.add(letter);
  }

  /** Delivers the validation and test sets, as the reference source does at the start and after every restore. */
  void loadReference() {
    Examples.random(50, Split.VALIDATION, 2).forEach(averager::onReference);
    Examples.random(50, Split.TEST, 3).forEach(averager::onReference);
    averager.onReferenceEnded(this);
  }

  /** Delivers everything in flight until the system is quiet. */
  void settle() {
    while (!modelsInFlight.isEmpty() || !contributionsInFlight.isEmpty()) {
      while (!contributionsInFlight.isEmpty()) {
        averager.onContribution(contributionsInFlight.poll(), this);
      }
      ModelUpdate update = modelsInFlight.poll();
      if (update != null) {
        for (Worker worker : workers) {
          worker.onModel(update, contributionsInFlight::add);
        }
      }
    }
  }

  /** Delivers one example without letting anything in flight arrive (models and contributions lag). */
  void exampleWithoutDelivery(int worker, Example example) {
    workers.get(worker).onExample(example, contributionsInFlight::add);
  }

  /** Delivers at most one contribution and one model, as a busy network would. */
  void deliverSome() {
    Contribution contribution = contributionsInFlight.poll();
    if (contribution != null) {
      averager.onContribution(contribution, this);
    }
    ModelUpdate update = modelsInFlight.poll();
    if (update != null) {
      for (Worker worker : workers) {
        worker.onModel(update, contributionsInFlight::add);
      }
    }
  }

  void endInputWithoutDelivery(int worker) {
    workers.get(worker).onInputEnded(contributionsInFlight::add);
  }

  void example(int worker, Example example) {
    workers.get(worker).onExample(example, contributionsInFlight::add);
    settle();
  }

  void endInput(int worker) {
    workers.get(worker).onInputEnded(contributionsInFlight::add);
    settle();
  }

  ModelUpdate lastPublished() {
    return published.get(published.size() - 1);
  }
}
