package streamnet.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client properties from a {@code --kafka-config} file (SASL, TLS, ...), passed to the
 * producer, the admin client and the job's consumers as they are. Never print them raw: use
 * {@link #redacted}.
 */
public final class ClientProperties {

  private static final String[] SECRET_KEY_PARTS = {"password", "secret", "jaas", "token", "credential", "key"};
  private static final String HIDDEN = "[hidden]";

  private ClientProperties() {}

  /** The properties in a Java properties file. */
  public static Map<String, String> load(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    Map<String, String> loaded = new TreeMap<>();
    properties.stringPropertyNames().forEach(name -> loaded.put(name, properties.getProperty(name).strip()));
    return loaded;
  }

  /** The properties as {@code key=value} text for logs, every value that may be a secret hidden. */
  public static String redacted(Map<String, ?> properties) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(properties).forEach((key, value) ->
        text.append(text.isEmpty() ? "" : ", ").append(key).append('=').append(isSecret(key) ? HIDDEN : value));
    return text.toString();
  }

  /** True for keys whose values may hold passwords, keys or tokens (e.g. sasl.jaas.config, ssl.key.password). */
  static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String part : SECRET_KEY_PARTS) {
      if (lower.contains(part) && !lower.endsWith(".type") && !lower.endsWith(".location")) {
        return true;
      }
    }
    return false;
  }
}
