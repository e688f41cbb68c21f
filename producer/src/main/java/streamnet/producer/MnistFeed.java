package streamnet.producer;

import java.util.List;
import java.util.Random;
import streamnet.network.data.Dataset;
import streamnet.network.data.MnistData;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * Feeds MNIST: the validation and test sets once, in order, with epoch 0; then the training set for
 * each epoch 1..E (or forever) in the order of {@link TrainingOrder}, each image followed by its
 * expansion variants, drawn from {@code new Random(-(seed * 1_000_003 + epoch))}; with a
 * {@link Drift}, the training examples from the drift's count on (variants counted) are sent
 * transformed.
 */
public final class MnistFeed implements Feed {

  private final MnistData data;
  private final FeedSettings settings;
  /** Training examples sent so far, across epochs: where the drift starts. */
  private long trainingSent;

  public MnistFeed(MnistData data, FeedSettings settings) {
    this.data = data;
    this.settings = settings;
  }

  @Override
  public long total() {
    if (settings.forever()) {
      return -1;
    }
    long perEpoch = (long) data.training().size() * (1 + variantsPerImage());
    return data.validation().size() + data.test().size() + perEpoch * settings.epochs();
  }

  @Override
  public void stream(StreamRun run) throws InterruptedException {
    if (!sendInOrder(run, data.validation(), Split.VALIDATION) || !sendInOrder(run, data.test(), Split.TEST)) {
      return;
    }
    for (int epoch = 1; settings.forever() || epoch <= settings.epochs(); epoch++) {
      if (!sendEpoch(run, epoch)) {
        return;
      }
    }
  }

  /** Sends a split once, in its own order; false if the run was stopped. */
  private boolean sendInOrder(StreamRun run, Dataset split, Split kind) throws InterruptedException {
    String stage = kind.topicSuffix();
    for (int id = 0; id < split.size(); id++) {
      if (!run.send(Example.ofImage(id, kind, 0, split.label(id), split.image(id)), stage)) {
        return false;
      }
    }
    return true;
  }

  /** Sends one shuffled, optionally expanded pass over the training set; false if the run was stopped. */
  private boolean sendEpoch(StreamRun run, int epoch) throws InterruptedException {
    Dataset training = data.training();
    Random variantRandom = new Random(-(settings.seed() * 1_000_003 + epoch));
    String stage = settings.forever() ? "train epoch " + epoch : "train epoch " + epoch + "/" + settings.epochs();
    for (int id : TrainingOrder.of(training.size(), settings.seed(), epoch)) {
      int label = training.label(id);
      if (!sendTraining(run, Example.ofImage(id, Split.TRAINING, epoch, label, training.image(id)), stage)) {
        return false;
      }
      for (float[] variant : variants(training.image(id), variantRandom)) {
        if (!sendTraining(run, Example.ofImage(id, Split.TRAINING, epoch, label, variant), stage)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Sends the next training example, drifted if the drift has begun; false if the run was stopped. */
  private boolean sendTraining(StreamRun run, Example example, String stage) throws InterruptedException {
    long before = trainingSent++;
    return run.send(settings.drift().map(drift -> drift.apply(before, example)).orElse(example), stage);
  }

  /** The expansion variants of an image, none without expansion. */
  private List<float[]> variants(float[] image, Random random) {
    return settings.expansion().map(expansion -> expansion.variants(image, random)).orElse(List.of());
  }

  /** Variants each training image gets. */
  private int variantsPerImage() {
    return settings.expansion().map(expansion -> expansion.variants(new float[Example.PIXELS], new Random(0)).size()).orElse(0);
  }
}
