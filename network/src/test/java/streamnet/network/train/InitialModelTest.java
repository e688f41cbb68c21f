package streamnet.network.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Hyperparameters;
import streamnet.network.Network;
import streamnet.network.Rng;
import streamnet.network.WeightInitializer;
import streamnet.network.data.Dataset;
import streamnet.network.io.ModelFile;

/** A run that starts from a model file's parameters ({@code --initial-model}) instead of fresh ones. */
class InitialModelTest {
  private static final int SIDE = 8;
  private static final int CLASSES = 4;
  private static final Architecture ARCHITECTURE = Architecture.sigmoid(Cost.CROSS_ENTROPY, SIDE * SIDE, 10, CLASSES);

  /** 8x8 images in which class k lights rows 2k and 2k + 1 above the noise; labels cycle. */
  private static Dataset stripes(int count, long seed) {
    Rng rng = new Rng(seed);
    float[][] images = new float[count][SIDE * SIDE];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % CLASSES;
      for (int p = 0; p < SIDE * SIDE; p++) {
        images[i][p] = (float) ((p / SIDE / 2 == labels[i] ? 0.6 : 0) + 0.4 * rng.nextDouble());
      }
    }
    return new Dataset(images, labels, CLASSES);
  }

  private static TrainingSettings settings(double eta, int epochs) {
    return new TrainingSettings(ARCHITECTURE, WeightInitializer.DEFAULT, Hyperparameters.sgd(eta, 0.1, 400), 10,
        epochs, 0, false, 7);
  }

  // Catches: initialNetwork ignoring the initial model (drawing from the initializer), or
  // TrainingRun not asking the settings for its starting network.
  @Test
  void aRunFromATrainedModelStartsAtThatModelsAccuracy() {
    Dataset training = stripes(400, 1);
    Dataset validation = stripes(200, 2);
    TrainingRun.Result trained = new TrainingRun(settings(0.5, 10)).run(training, validation, validation, quiet());
    double trainedAccuracy = trained.history().get(trained.history().size() - 1).validationAccuracy();
    assertThat(trainedAccuracy).isGreaterThan(0.9);

    // η so small that one epoch barely moves a network: the first epoch shows where it started.
    TrainingSettings slow = settings(1e-4, 1);
    double fresh = new TrainingRun(slow).run(training, validation, validation, quiet())
        .history().get(0).validationAccuracy();
    double resumed = new TrainingRun(slow.startingFrom(trained.last())).run(training, validation, validation, quiet())
        .history().get(0).validationAccuracy();
    assertThat(fresh).isLessThan(0.6);
    assertThat(resumed).isCloseTo(trainedAccuracy, org.assertj.core.data.Offset.offset(0.02));
  }

  // Catches: the starting parameters aliased to the model passed in or handed out by reference.
  @Test
  void theInitialNetworkIsACopyOfTheModelsParameters() {
    Network model = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(3));
    float[] parameters = model.toFlat();
    TrainingSettings settings = settings(0.5, 1).startingFrom(model);
    model.biases(0)[0] += 1;
    settings.initialNetwork(new Rng(1)).biases(0)[0] += 1;
    assertThat(settings.initialNetwork(new Rng(99)).toFlat()).isEqualTo(parameters);
  }

  // Catches: a model of another shape accepted (its parameters would be read into the wrong layers).
  @Test
  void aModelOfAnotherShapeIsRefused() {
    Network other = Network.create(Architecture.sigmoid(Cost.CROSS_ENTROPY, SIDE * SIDE, 11, CLASSES),
        WeightInitializer.DEFAULT, new Rng(3));
    assertThatThrownBy(() -> settings(0.5, 1).startingFrom(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the initial model is ")
        .hasMessageContaining(", the run trains " + ARCHITECTURE);
  }

  // Catches: a file of another shape read into the run (the architecture not checked), or a
  // message that does not say which flag, which file and both shapes.
  @Test
  void aFileOfAnotherShapeIsRefusedNamingTheFlagTheFileAndBothShapes(@TempDir Path folder) throws Exception {
    Architecture wider = Architecture.sigmoid(Cost.CROSS_ENTROPY, SIDE * SIDE, 11, CLASSES);
    Path file = folder.resolve("wider.json");
    ModelFile.write(Network.create(wider, WeightInitializer.DEFAULT, new Rng(3)), file);
    assertThatThrownBy(() -> InitialModel.startFrom(settings(0.5, 1), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--initial-model " + file + ": model is " + wider + ", expected " + ARCHITECTURE
            + " (the run's network comes from --sizes, --activation, --output and --cost)");
  }

  // Catches: a malformed file accepted or failing with a parser's stack trace instead of the flag's message.
  @Test
  void aMalformedFileIsRefusedWithTheLoadersReason(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("broken.json");
    Files.writeString(file, "{\"sizes\": [64, 10, 4], \"weights\": ");
    assertThatThrownBy(() -> InitialModel.startFrom(settings(0.5, 1), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--initial-model " + file + ": not valid JSON");
  }

  // Catches: a missing file reported as a bare NoSuchFileException.
  @Test
  void aMissingFileIsRefused(@TempDir Path folder) {
    Path file = folder.resolve("none.json");
    assertThatThrownBy(() -> InitialModel.startFrom(settings(0.5, 1), file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--initial-model " + file + ": no such file");
  }

  // Catches: the file's parameters not the ones the run starts from.
  @Test
  void aFileOfTheRunsShapeIsWhereTheRunStarts(@TempDir Path folder) throws Exception {
    Network model = Network.create(ARCHITECTURE, WeightInitializer.DEFAULT, new Rng(5));
    Path file = folder.resolve("model.json");
    ModelFile.write(model, file);
    assertThat(InitialModel.startFrom(settings(0.5, 1), file).initialNetwork(new Rng(1)).toFlat())
        .isEqualTo(ModelFile.read(file).toFlat());
  }

  private static TrainingRun.Listener quiet() {
    return new TrainingRun.Listener() {};
  }
}
