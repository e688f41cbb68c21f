package streamnet.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import streamnet.network.data.MnistData;
import streamnet.network.data.MnistFetcher;

/** {@code --data DIR}: where the IDX files are; real MNIST is fetched on first need. */
public final class DataOptions {

  @Option(names = "--data", paramLabel = "DIR",
      description = "IDX data set of 28x28 images with 10 classes (default: MNIST in data/mnist,"
          + " fetched if missing).")
  Path data;

  /** Loads the chosen data set, fetching and verifying MNIST first when none was named. */
  MnistData load() throws IOException {
    return MnistData.load(data != null ? data : MnistFetcher.ensure(MnistData.defaultDir()));
  }
}
