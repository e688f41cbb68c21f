package streamnet.producer.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels of the digits in a folder: from its {@code labels.csv} ({@code file,label} per line,
 * a header line allowed) if there is one, otherwise from the file name, which must start with the
 * digit followed by a non-digit: {@code 7.png}, {@code 7_mine.pgm}, {@code 3-2024-11-26.png}.
 */
public final class DigitLabels {

  /** The optional label file in a digit folder. */
  public static final String CSV_FILE = "labels.csv";

  private final Map<String, Integer> csvLabels;

  private DigitLabels(Map<String, Integer> csvLabels) {
    this.csvLabels = csvLabels;
  }

  /** The labels of the folder: its labels.csv if present. */
  public static DigitLabels of(Path dir) throws IOException {
    Path csv = dir.resolve(CSV_FILE);
    return new DigitLabels(Files.isRegularFile(csv) ? parseCsv(Files.readAllLines(csv)) : Map.of());
  }

  /** The label of a digit file, or an exception saying why it has none. */
  public int labelOf(Path file) throws BadDigitFileException {
    String name = file.getFileName().toString();
    if (!csvLabels.isEmpty()) {
      Integer label = csvLabels.get(name);
      if (label == null) {
        throw new BadDigitFileException(file, "no label in " + CSV_FILE);
      }
      return label;
    }
    if (name.length() < 2 || !Character.isDigit(name.charAt(0)) || Character.isDigit(name.charAt(1))) {
      throw new BadDigitFileException(file, "no label: the name must start with the digit (e.g. 7_mine.png), or list it in " + CSV_FILE);
    }
    return name.charAt(0) - '0';
  }

  /** File name to label; lines whose label is not 0-9 (such as a header) are left out. */
  private static Map<String, Integer> parseCsv(List<String> lines) {
    Map<String, Integer> labels = new HashMap<>();
    for (String line : lines) {
      String[] fields = line.split(",");
      if (fields.length == 2 && fields[1].strip().matches("[0-9]")) {
        labels.put(fields[0].strip(), Integer.parseInt(fields[1].strip()));
      }
    }
    return labels;
  }
}
