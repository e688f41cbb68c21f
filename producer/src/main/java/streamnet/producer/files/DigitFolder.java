package streamnet.producer.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import streamnet.record.Example;
import streamnet.record.Split;

/**
 * A folder of labeled digit images the user feeds, read file by file in name order. Each call to
 * {@link #readNew} returns the files that appeared since the last call, so a live feed can poll.
 */
public final class DigitFolder {

  private final Path dir;
  private final Split split;
  private final Set<Path> seen = new HashSet<>();
  private int nextId;

  /** The digits of this folder go to the topic of {@code split}, numbered from 0 in the order read. */
  public DigitFolder(Path dir, Split split) {
    this.dir = dir;
    this.split = split;
  }

  /** The digits of the image files not read before, and the files that were refused. */
  public Batch readNew(int epoch) throws IOException {
    DigitLabels labels = DigitLabels.of(dir);
    List<Example> examples = new ArrayList<>();
    List<BadDigitFileException> refused = new ArrayList<>();
    for (Path file : newImageFiles()) {
      seen.add(file);
      try {
        examples.add(new Example(nextId, split, epoch, labels.labelOf(file), DigitImages.read(file)));
        nextId++;
      } catch (BadDigitFileException e) {
        refused.add(e);
      }
    }
    return new Batch(examples, refused);
  }

  /** The image files not seen yet, sorted by name. */
  private List<Path> newImageFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(DigitImages::isDigitImage).filter(file -> !seen.contains(file)).sorted().toList();
    }
  }

  /** The outcome of one read: digits to send and files refused. */
  public record Batch(List<Example> examples, List<BadDigitFileException> refused) {}
}
