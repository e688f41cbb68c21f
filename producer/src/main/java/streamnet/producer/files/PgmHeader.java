package streamnet.producer.files;

import java.nio.file.Path;

/** The header of a PGM file: magic (P2 plain, P5 binary), width, height, maxval, and where pixels start. */
record PgmHeader(boolean binary, int width, int height, int maxValue, int dataOffset) {

  /** Parses the header, skipping {@code #} comments; the pixels start after one whitespace byte. */
  static PgmHeader parse(Path file, byte[] bytes) throws BadDigitFileException {
    int[] position = {0};
    String magic = token(file, bytes, position);
    if (!magic.equals("P5") && !magic.equals("P2")) {
      throw new BadDigitFileException(file, "not a PGM (magic '" + magic + "', expected P5 or P2)");
    }
    int width = number(file, bytes, position);
    int height = number(file, bytes, position);
    int maxValue = number(file, bytes, position);
    if (maxValue < 1 || maxValue > 255) {
      throw new BadDigitFileException(file, "maxval " + maxValue + " is not in 1-255");
    }
    return new PgmHeader(magic.equals("P5"), width, height, maxValue, position[0] + 1);
  }

  /** The next header token as a positive number. */
  private static int number(Path file, byte[] bytes, int[] position) throws BadDigitFileException {
    String token = token(file, bytes, position);
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      throw new BadDigitFileException(file, "bad PGM header field '" + token + "'");
    }
  }

  /** The next whitespace-separated token, after whitespace and comments; leaves position on the byte after it. */
  private static String token(Path file, byte[] bytes, int[] position) throws BadDigitFileException {
    int i = position[0];
    while (i < bytes.length && (Character.isWhitespace(bytes[i]) || bytes[i] == '#')) {
      if (bytes[i] == '#') {
        while (i < bytes.length && bytes[i] != '\n') {
          i++;
        }
      } else {
        i++;
      }
    }
    int start = i;
    while (i < bytes.length && !Character.isWhitespace(bytes[i]) && bytes[i] != '#') {
      i++;
    }
    if (start == i || i >= bytes.length) {
      throw new BadDigitFileException(file, "truncated PGM header");
    }
    position[0] = i;
    return new String(bytes, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
  }
}
