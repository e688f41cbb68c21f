package streamnet.network.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import streamnet.network.Network;
import streamnet.network.io.ModelFile;
import streamnet.network.io.ModelFormatException;

/**
 * {@code --initial-model FILE}: a run starts from a network2 JSON model (one {@code train-local
 * --save} or a run folder's {@code best.json} wrote) instead of fresh parameters. The strict loader
 * reads it, and it must have the run's architecture exactly — the flags, with their defaults, say
 * what the run trains, and the file does not stand in for them — so a malformed file or one of
 * another shape stops the command before it trains, with a message naming both shapes.
 */
public final class InitialModel {
  /** The flag, as messages name it. */
  public static final String FLAG = "--initial-model";

  private InitialModel() {}

  /** {@code settings} starting from the model in {@code file}; refuses a file that is not the run's network. */
  public static TrainingSettings startFrom(TrainingSettings settings, Path file) {
    return settings.startingFrom(read(settings, file));
  }

  private static Network read(TrainingSettings settings, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(FLAG + " " + file + ": no such file");
    }
    Network model = parse(file);
    if (!model.architecture().equals(settings.architecture())) {
      throw new IllegalArgumentException(FLAG + " " + file + ": model is " + model.architecture() + ", expected "
          + settings.architecture() + " (the run's network comes from --sizes, --activation, --output and --cost)");
    }
    return model;
  }

  private static Network parse(Path file) {
    try {
      return ModelFile.read(file);
    } catch (ModelFormatException e) {
      throw new IllegalArgumentException(FLAG + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(FLAG + " " + file + ": cannot read it: " + e.getMessage(), e);
    }
  }
}
