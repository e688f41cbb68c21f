package streamnet.cli;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.yaml.snakeyaml.Yaml;
import streamnet.job.kafka.KafkaEndpoints;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The deployment files' check: what a Docker engine, {@code kubectl apply} with the Strimzi 1.x and
 * Flink Kubernetes Operator 1.13 CRDs, and the images' own scripts would make of
 * docker-compose.yml, the Dockerfile and k8s/, without any of them running here. Every check
 * returns the problems it found as sentences (empty: none), so a test can plant a defect in a copy
 * of a file and see the check name it ({@code DeploymentChecksTest}).
 *
 * <p>Upstream facts the checks rely on, each from the upstream file named:
 * <ul>
 *   <li>apache/flink-docker {@code 2.2/scala_2.12-java17-ubuntu/Dockerfile}: {@code FLINK_HOME=/opt/flink},
 *       the image ends with {@code USER flink} (uid 9999, FLINK-37881);
 *   <li>its {@code docker-entrypoint.sh}, {@code process_flink_properties}: one option per line of
 *       {@code FLINK_PROPERTIES}, every blank deleted ({@code tr -d '[:space:]'}), key and value split at
 *       the first colon, the value through {@code envsubst}, the lines unquoted in {@code for} and {@code echo};
 *   <li>apache/flink {@code flink-dist/src/main/assemblies/plugins.xml}: the distribution ships
 *       {@code plugins/metrics-prometheus/};
 *   <li>the CRDs in deploy/schemas (see its README).
 * </ul>
 */
final class DeploymentChecks {
  static final String FLINK_HOME = "/opt/flink";
  /** The flink:2.2 images' last USER (apache/flink-docker 2.2 Dockerfiles, FLINK-37881). */
  static final String FLINK_IMAGE_USER = "flink";
  static final String FLINK_UID = "9999";
  static final String COMPOSE = "docker-compose.yml";
  static final String DOCKERFILE = "Dockerfile";
  static final String DOCKERIGNORE = ".dockerignore";
  static final String K8S_README = "k8s/README.md";
  static final String README = "README.md";
  static final String PROMETHEUS = "deploy/compose/prometheus.yml";
  static final String DASHBOARD = "deploy/compose/grafana/dashboards/streamnet.json";
  static final List<String> METRIC_SOURCES = List.of(
      "job/src/main/java/streamnet/job/WorkerOperator.java",
      "job/src/main/java/streamnet/job/AveragerShardOperator.java",
      "job/src/main/java/streamnet/job/CoordinatorOperator.java",
      "job/src/main/java/streamnet/job/DecodeExamples.java");
  static final String TRAINING_JOB_CLASS = "streamnet.job.TrainingJob";
  /** The job's --sizes when none is given (TrainingOptions). */
  static final String STRIMZI_GROUP = "kafka.strimzi.io";
  static final String FLINK_GROUP = "flink.apache.org";
  /** Annotations Strimzi ignores since 0.48 (its CHANGELOG). */
  static final List<String> OBSOLETE_STRIMZI_ANNOTATIONS = List.of("strimzi.io/kraft", "strimzi.io/node-pools");
  private static final Set<String> RESTARTING = Set.of("always", "unless-stopped", "on-failure");
  private static final Set<String> WRITING_COMMANDS =
      Set.of("mkdir", "chown", "chmod", "chgrp", "touch", "rm", "tee", "install", "cp", "mv", "ln", "sed");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DeploymentChecks() {}

  // ------------------------------------------------------------------ the files

  /** The texts of the deployment files by path relative to the project root; copies can be changed. */
  record DeploymentFiles(Path root, Map<String, String> texts) {
    static DeploymentFiles read(Path root) throws IOException {
      Map<String, String> texts = new TreeMap<>();
      List<String> paths = new ArrayList<>(List.of(COMPOSE, DOCKERFILE, DOCKERIGNORE, K8S_README, README, PROMETHEUS, DASHBOARD));
      paths.addAll(METRIC_SOURCES);
      try (Stream<Path> k8s = Files.list(root.resolve("k8s"))) {
        k8s.filter(file -> file.toString().endsWith(".yaml")).forEach(file -> paths.add("k8s/" + file.getFileName()));
      }
      for (String path : paths) {
        texts.put(path, Files.readString(root.resolve(path)));
      }
      return new DeploymentFiles(root, texts);
    }

    String text(String path) {
      return Objects.requireNonNull(texts.get(path), path);
    }

    /** A copy with {@code path} changed; fails if the change changed nothing (a planted defect must land). */
    DeploymentFiles with(String path, UnaryOperator<String> change) {
      Map<String, String> copy = new TreeMap<>(texts);
      String changed = change.apply(text(path));
      if (changed.equals(text(path))) {
        throw new IllegalArgumentException("the change of " + path + " changed nothing");
      }
      copy.put(path, changed);
      return new DeploymentFiles(root, copy);
    }

    /** Every k8s/ document, in file order. */
    List<Map<String, Object>> k8s() {
      List<Map<String, Object>> all = new ArrayList<>();
      texts.forEach((path, text) -> {
        if (path.startsWith("k8s/") && path.endsWith(".yaml")) {
          for (Object document : new Yaml().loadAll(text)) {
            if (document != null) {
              all.add(map(document));
            }
          }
        }
      });
      return all;
    }

    Map<String, Object> compose() {
      return map(new Yaml().load(text(COMPOSE)));
    }

    Map<String, Object> service(String name) {
      return map(map(compose().get("services")).get(name));
    }
  }

  /** Every problem every check finds. */
  /** The JVM option that gives a TaskManager the incubating Vector API (one word, as FLINK_PROPERTIES keeps no blanks). */
  static final String VECTOR_API_OPTION = "--add-modules=jdk.incubator.vector";

  static List<String> problems(DeploymentFiles files, Schemas schemas) {
    List<String> problems = new ArrayList<>();
    problems.addAll(k8sSchemaProblems(files, schemas));
    problems.addAll(composeSchemaProblems(files, schemas));
    problems.addAll(dockerfileProblems(files));
    problems.addAll(flinkConfigurationProblems(files));
    problems.addAll(volumeProblems(files));
    problems.addAll(topicProblems(files));
    problems.addAll(composeProblems(files));
    problems.addAll(flinkDeploymentProblems(files));
    problems.addAll(producerProblems(files));
    problems.addAll(dashboardProblems(files));
    problems.addAll(readmeProblems(files));
    return problems;
  }

  // ------------------------------------------------------------------ schemas

  /** The CRD schemas by "apiVersion kind", the compose spec, and the pod template schema of the FlinkDeployment CRD. */
  record Schemas(Map<String, Schema> crds, Map<String, Set<String>> servedVersions, Schema compose, Schema podTemplate) {
    static Schemas read(Path root) throws IOException {
      Path dir = root.resolve("deploy/schemas");
      Map<String, Schema> crds = new HashMap<>();
      Map<String, Set<String>> served = new HashMap<>();
      Schema podTemplate = null;
      SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).sorted().toList();
      }
      for (Path file : files) {
        Map<String, Object> crd = map(new Yaml().load(Files.readString(file)));
        Map<String, Object> spec = map(crd.get("spec"));
        String group = (String) spec.get("group");
        String kind = (String) map(spec.get("names")).get("kind");
        for (Object v : (List<?>) spec.get("versions")) {
          Map<String, Object> version = map(v);
          if (!Boolean.TRUE.equals(version.get("served"))) {
            continue;
          }
          String apiVersion = group + "/" + version.get("name");
          served.computeIfAbsent(group + " " + kind, k -> new LinkedHashSet<>()).add(apiVersion);
          ObjectNode openApi = (ObjectNode) JSON.valueToTree(map(version.get("schema")).get("openAPIV3Schema"));
          ObjectNode schema = toJsonSchema(openApi);
          // Every resource may carry these at its root; the API server checks them itself.
          ObjectNode top = (ObjectNode) schema.get("properties");
          top.putObject("apiVersion").put("type", "string");
          top.putObject("kind").put("type", "string");
          if (!top.has("metadata")) {
            top.putObject("metadata").put("type", "object");
          }
          schema.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
          crds.put(apiVersion + " " + kind, registry.getSchema(schema));
          if ("FlinkDeployment".equals(kind) && podTemplate == null) {
            ObjectNode template = (ObjectNode) schema.get("properties").get("spec").get("properties").get("podTemplate").deepCopy();
            template.put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId());
            podTemplate = registry.getSchema(template);
          }
        }
      }
      // The spec's relative $id resolves against the file's own location.
      Path spec = dir.resolve("compose-spec/compose-spec.json");
      Schema compose = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
          .getSchema(SchemaLocation.of(spec.toUri().toString()), JSON.readTree(Files.readString(spec)));
      return new Schemas(crds, served, compose, Objects.requireNonNull(podTemplate, "no FlinkDeployment CRD"));
    }
  }

  /**
   * A CRD's OpenAPI v3 schema as the API server applies it, in JSON Schema: nullable admits null,
   * int-or-string admits both, and objects with properties admit no other field (strict field
   * validation) unless they preserve unknown fields or say what other fields hold.
   */
  static ObjectNode toJsonSchema(ObjectNode node) {
    ObjectNode out = node.deepCopy();
    convert(out);
    return out;
  }

  private static void convert(ObjectNode node) {
    boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    if (node.path("x-kubernetes-int-or-string").asBoolean(false)) {
      node.remove("type");
      if (!node.has("anyOf")) {
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.addObject().put("type", "integer");
        anyOf.addObject().put("type", "string");
      }
    }
    if (node.path("nullable").asBoolean(false) && node.has("type") && node.get("type").isString()) {
      String type = node.get("type").asString();
      ArrayNode types = node.putArray("type");
      types.add(type);
      types.add("null");
    }
    List<String> vendor = new ArrayList<>();
    node.propertyNames().forEach(name -> {
      if (name.startsWith("x-kubernetes-") || name.equals("nullable")) {
        vendor.add(name);
      }
    });
    vendor.forEach(node::remove);
    if (node.has("properties") && !node.has("additionalProperties") && !preserve) {
      node.put("additionalProperties", false);
    }
    if (node.has("properties")) {
      node.get("properties").forEach(child -> convert((ObjectNode) child));
    }
    for (String key : List.of("items", "additionalProperties", "not")) {
      if (node.has(key) && node.get(key).isObject()) {
        convert((ObjectNode) node.get(key));
      }
    }
    for (String key : List.of("anyOf", "oneOf", "allOf")) {
      if (node.has(key)) {
        node.get(key).forEach(child -> convert((ObjectNode) child));
      }
    }
  }

  /** Every Strimzi and Flink resource against its CRD; the core kinds by what they may be. */
  static List<String> k8sSchemaProblems(DeploymentFiles files, Schemas schemas) {
    List<String> problems = new ArrayList<>();
    for (Map<String, Object> resource : files.k8s()) {
      String apiVersion = String.valueOf(resource.get("apiVersion"));
      String kind = String.valueOf(resource.get("kind"));
      String name = String.valueOf(map(resource.get("metadata")).get("name"));
      String what = kind + " " + name + " (" + apiVersion + ")";
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      if (group.equals(STRIMZI_GROUP) || group.equals(FLINK_GROUP)) {
        Map<String, Object> annotations = mapOrEmpty(map(resource.get("metadata")).get("annotations"));
        for (String obsolete : OBSOLETE_STRIMZI_ANNOTATIONS) {
          if (annotations.containsKey(obsolete)) {
            problems.add(what + ": annotation " + obsolete + " is ignored since Strimzi 0.48");
          }
        }
        Schema schema = schemas.crds().get(apiVersion + " " + kind);
        if (schema == null) {
          problems.add(what + ": the pinned CRD serves " + schemas.servedVersions().getOrDefault(group + " " + kind, Set.of())
              + " for " + kind + ", not " + apiVersion);
          continue;
        }
        for (Error error : schema.validate(JSON.valueToTree(resource))) {
          problems.add(what + ": " + error.getInstanceLocation() + ": " + error.getMessage());
        }
      } else if (apiVersion.equals("batch/v1") && kind.equals("Job")) {
        Object template = map(resource.get("spec")).get("template");
        for (Error error : schemas.podTemplate().validate(JSON.valueToTree(template))) {
          problems.add(what + ": spec.template " + error.getInstanceLocation() + ": " + error.getMessage());
        }
      } else if (!(apiVersion.equals("v1") && kind.equals("PersistentVolumeClaim"))) {
        problems.add(what + ": no schema to check this kind against");
      }
    }
    return problems;
  }

  static List<String> composeSchemaProblems(DeploymentFiles files, Schemas schemas) {
    List<String> problems = new ArrayList<>();
    for (Error error : schemas.compose().validate(JSON.valueToTree(files.compose()))) {
      problems.add(COMPOSE + ": " + error.getInstanceLocation() + ": " + error.getMessage());
    }
    return problems;
  }

  // ------------------------------------------------------------------ Dockerfile

  /** One Dockerfile instruction, continuation lines joined. */
  record Instruction(String keyword, String arguments) {}

  static List<Instruction> instructions(String dockerfile) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : dockerfile.split("\n", -1)) {
      String trimmed = line.strip();
      if (current.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (current.length() > 0 && trimmed.startsWith("#")) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      int space = text.indexOf(' ');
      instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
    }
    return instructions;
  }

  /** The paths a RUN command writes: arguments of the writing commands and redirection targets. */
  static Set<String> writtenPaths(String command) {
    Set<String> paths = new LinkedHashSet<>();
    for (String simple : command.split("&&|\\|\\||;|\\|")) {
      List<String> tokens = new ArrayList<>(List.of(simple.strip().split("\\s+")));
      for (int i = 0; i < tokens.size() - 1; i++) {
        if (tokens.get(i).equals(">") || tokens.get(i).equals(">>")) {
          paths.add(tokens.get(i + 1));
        }
      }
      while (!tokens.isEmpty() && (tokens.get(0).contains("=") || tokens.get(0).equals("sudo") || tokens.get(0).isEmpty())) {
        tokens.remove(0);
      }
      if (tokens.isEmpty() || !WRITING_COMMANDS.contains(tokens.get(0))) {
        continue;
      }
      List<String> arguments = tokens.subList(1, tokens.size()).stream()
          .filter(token -> !token.startsWith("-") && !token.contains(">")).toList();
      List<String> targets = switch (tokens.get(0)) {
        case "cp", "mv", "ln", "install" -> arguments.isEmpty() ? List.of() : List.of(arguments.get(arguments.size() - 1));
        default -> arguments;
      };
      targets.stream().filter(token -> token.startsWith("/")).forEach(paths::add);
    }
    return paths;
  }

  static boolean insideFlinkHome(String path) {
    return path.equals(FLINK_HOME) || path.startsWith(FLINK_HOME + "/") || path.startsWith("/tmp/");
  }

  static List<String> dockerfileProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    List<Instruction> instructions = instructions(files.text(DOCKERFILE));
    String user = null;
    for (Instruction instruction : instructions) {
      switch (instruction.keyword()) {
        case "FROM" -> {
          if (!instruction.arguments().matches("flink:2\\.\\d+(\\.\\d+)?-java\\d+")) {
            problems.add(DOCKERFILE + ": FROM " + instruction.arguments() + " is not a flink:2.x image whose user this check knows");
          }
          user = FLINK_IMAGE_USER;
        }
        case "USER" -> user = instruction.arguments();
        case "RUN" -> {
          boolean root = "root".equals(user) || "0".equals(user);
          for (String path : writtenPaths(instruction.arguments())) {
            if (!insideFlinkHome(path) && !root) {
              problems.add(DOCKERFILE + ": RUN writes " + path + " outside " + FLINK_HOME + " as user " + user
                  + " (the flink:2.2 images end with USER flink): put USER root before it");
            }
          }
        }
        case "COPY", "ADD" -> {
          if (instruction.arguments().contains("metrics-prometheus")) {
            problems.add(DOCKERFILE + ": " + instruction.keyword() + " of the Prometheus reporter: the image ships "
                + FLINK_HOME + "/plugins/metrics-prometheus/ already");
          }
        }
        default -> { }
      }
    }
    if (!FLINK_IMAGE_USER.equals(user)) {
      problems.add(DOCKERFILE + ": the image ends as user " + user + ", not " + FLINK_IMAGE_USER
          + " (Flink's docker-entrypoint.sh warns against root): end with USER " + FLINK_IMAGE_USER);
    }
    for (Copy copy : copies(files.text(DOCKERFILE))) {
      if (ignored(files.text(DOCKERIGNORE), copy.source())) {
        problems.add(DOCKERFILE + ": COPY " + copy.source() + " is excluded from the build context by " + DOCKERIGNORE);
      }
    }
    return problems;
  }

  /** A COPY of one build-context path to its path in the image. */
  record Copy(String source, String target) {}

  static List<Copy> copies(String dockerfile) {
    List<Copy> copies = new ArrayList<>();
    for (Instruction instruction : instructions(dockerfile)) {
      if (!instruction.keyword().equals("COPY")) {
        continue;
      }
      List<String> words = new ArrayList<>(List.of(instruction.arguments().split("\\s+")));
      words.removeIf(word -> word.startsWith("--"));
      String target = words.remove(words.size() - 1);
      for (String source : words) {
        String name = source.endsWith("/") ? "" : source.substring(source.lastIndexOf('/') + 1);
        copies.add(new Copy(source, target.endsWith("/") ? target + name : target));
      }
    }
    return copies;
  }

  /** Whether .dockerignore leaves {@code path} out of the build context (the last matching rule wins). */
  static boolean ignored(String dockerignore, String path) {
    String clean = path.replaceAll("/+$", "");
    boolean excluded = false;
    for (String line : dockerignore.split("\n")) {
      String rule = line.strip();
      if (rule.isEmpty() || rule.startsWith("#")) {
        continue;
      }
      boolean negated = rule.startsWith("!");
      String pattern = (negated ? rule.substring(1) : rule).replaceAll("/+$", "").replaceAll("^/", "");
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      for (Path prefix = Path.of(clean); prefix != null; prefix = prefix.getParent()) {
        if (matcher.matches(prefix)) {
          excluded = !negated;
          break;
        }
      }
    }
    return excluded;
  }

  // ------------------------------------------------------------------ Flink configuration

  /**
   * FLINK_PROPERTIES as the flink image's docker-entrypoint.sh reads it: per line, every blank
   * deleted, the key up to the first colon, the value after it. Problems (comments, shell
   * globbing, variables, repeated keys) go to {@code problems}.
   */
  static Map<String, String> parseFlinkProperties(String properties, String where, List<String> problems) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String line : properties.split("\n")) {
      String prop = line.replaceAll("[\\s]", "");
      if (prop.isEmpty()) {
        continue;
      }
      if (prop.startsWith("#")) {
        problems.add(where + ": FLINK_PROPERTIES line '" + line.strip() + "' is not a comment to docker-entrypoint.sh: it sets key '"
            + prop.split(":", 2)[0] + "'");
      }
      if (prop.matches(".*[*?\\[].*")) {
        problems.add(where + ": FLINK_PROPERTIES line '" + line.strip() + "' is expanded by the shell (unquoted in docker-entrypoint.sh)");
      }
      if (prop.contains("$")) {
        problems.add(where + ": FLINK_PROPERTIES line '" + line.strip() + "' goes through envsubst");
      }
      int colon = prop.indexOf(':');
      String key = colon < 0 ? prop : prop.substring(0, colon);
      String value = colon < 0 ? "" : prop.substring(colon + 1);
      if (options.put(key, value) != null) {
        problems.add(where + ": FLINK_PROPERTIES sets " + key + " twice");
      }
    }
    return options;
  }

  /** Every option key Flink 2.x declares in flink-core's *Options classes, with fallback keys. */
  static Set<String> knownFlinkKeys() {
    Set<String> keys = new LinkedHashSet<>();
    try (JarFile jar = new JarFile(Path.of(ConfigOption.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
      for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
        String name = entry.getName();
        if (!name.startsWith("org/apache/flink/configuration/") || !name.endsWith("Options.class") || name.contains("$")) {
          continue;
        }
        Class<?> options = Class.forName(name.replace('/', '.').replace(".class", ""));
        for (Field field : options.getFields()) {
          if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
            ConfigOption<?> option = (ConfigOption<?>) field.get(null);
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
              keys.add(fallback.getKey());
            }
          }
        }
      }
    } catch (IOException | URISyntaxException | ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read Flink's options", e);
    }
    return keys;
  }

  private static Set<String> knownKeys;

  private static synchronized Set<String> knownKeys() {
    if (knownKeys == null) {
      knownKeys = knownFlinkKeys();
    }
    return knownKeys;
  }

  /** Options Flink knows, with values its own parser takes. */
  static List<String> optionProblems(Map<String, String> options, String where) {
    List<String> problems = new ArrayList<>();
    Map<String, ConfigOption<?>> declared = declaredOptions();
    Configuration configuration = Configuration.fromMap(options);
    for (String key : options.keySet()) {
      if (key.startsWith("metrics.reporter.")) {
        continue;
      }
      if (!knownKeys().contains(key)) {
        problems.add(where + ": " + key + " is no Flink " + FlinkVersion.VERSION + " option");
        continue;
      }
      ConfigOption<?> option = declared.get(key);
      if (option != null) {
        try {
          configuration.get(option);
        } catch (RuntimeException e) {
          problems.add(where + ": " + key + ": " + options.get(key) + " does not parse: " + e.getMessage());
        }
      }
    }
    return problems;
  }

  /** Holder of the Flink version for messages. */
  static final class FlinkVersion {
    static final String VERSION = System.getProperty("streamnet.flink.version", "2.x");

    private FlinkVersion() {}
  }

  private static Map<String, ConfigOption<?>> declared;

  private static synchronized Map<String, ConfigOption<?>> declaredOptions() {
    if (declared == null) {
      declared = new HashMap<>();
      try (JarFile jar = new JarFile(Path.of(ConfigOption.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
        for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
          String name = entry.getName();
          if (name.startsWith("org/apache/flink/configuration/") && name.endsWith("Options.class") && !name.contains("$")) {
            for (Field field : Class.forName(name.replace('/', '.').replace(".class", "")).getFields()) {
              if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
                ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                declared.putIfAbsent(option.key(), option);
              }
            }
          }
        }
      } catch (IOException | URISyntaxException | ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read Flink's options", e);
      }
    }
    return declared;
  }

  /** FLINK_PROPERTIES of a compose service, parsed as the entrypoint does. */
  static Map<String, String> composeFlinkOptions(DeploymentFiles files, String service, List<String> problems) {
    Map<String, Object> environment = mapOrEmpty(files.service(service).get("environment"));
    Object properties = environment.get("FLINK_PROPERTIES");
    if (properties == null) {
      problems.add(COMPOSE + ": service " + service + " has no FLINK_PROPERTIES");
      return Map.of();
    }
    return parseFlinkProperties(String.valueOf(properties), COMPOSE + " " + service, problems);
  }

  static Map<String, String> flinkDeploymentOptions(DeploymentFiles files) {
    Map<String, String> options = new LinkedHashMap<>();
    flatten("", mapOrEmpty(map(flinkDeployment(files).get("spec")).get("flinkConfiguration")), options);
    return options;
  }

  private static void flatten(String prefix, Map<String, Object> nested, Map<String, String> out) {
    nested.forEach((key, value) -> {
      if (value instanceof Map<?, ?> child) {
        flatten(prefix + key + ".", map(child), out);
      } else {
        out.put(prefix + key, String.valueOf(value));
      }
    });
  }

  static List<String> flinkConfigurationProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    for (String service : List.of("jobmanager", "taskmanager")) {
      problems.addAll(optionProblems(composeFlinkOptions(files, service, problems), COMPOSE + " " + service));
    }
    problems.addAll(optionProblems(flinkDeploymentOptions(files), "FlinkDeployment flinkConfiguration"));
    problems.addAll(vectorApiProblems(composeFlinkOptions(files, "taskmanager", new ArrayList<>()), COMPOSE + " taskmanager"));
    problems.addAll(vectorApiProblems(flinkDeploymentOptions(files), "FlinkDeployment flinkConfiguration"));
    return problems;
  }

  /** The TaskManagers train: without the Vector API module their JVMs run the plain loops only (KernelChoice). */
  static List<String> vectorApiProblems(Map<String, String> options, String where) {
    String taskManagerOptions = options.getOrDefault("env.java.opts.taskmanager", "");
    return List.of(taskManagerOptions.split("\\s+")).contains(VECTOR_API_OPTION)
        ? List.of()
        : List.of(where + ": env.java.opts.taskmanager lacks " + VECTOR_API_OPTION + ", so the TaskManagers train without the dense kernels");
  }

  // ------------------------------------------------------------------ the job's arguments

  /** The training job's arguments after the entry class in the compose JobManager's command. */
  static List<String> composeJobArguments(DeploymentFiles files) {
    List<String> command = strings(files.service("jobmanager").get("command"));
    int classname = command.indexOf("--job-classname");
    return classname < 0 ? List.of() : command.subList(classname + 2, command.size());
  }

  static String composeEntryClass(DeploymentFiles files) {
    List<String> command = strings(files.service("jobmanager").get("command"));
    int classname = command.indexOf("--job-classname");
    return classname < 0 ? null : command.get(classname + 1);
  }

  static String flag(List<String> arguments, String flag, String otherwise) {
    int at = arguments.indexOf(flag);
    return at < 0 || at + 1 >= arguments.size() ? otherwise : arguments.get(at + 1);
  }

  static Map<String, Object> flinkDeployment(DeploymentFiles files) {
    return files.k8s().stream().filter(resource -> "FlinkDeployment".equals(resource.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no FlinkDeployment in k8s/"));
  }

  static List<String> flinkDeploymentArguments(DeploymentFiles files) {
    return strings(map(map(flinkDeployment(files).get("spec")).get("job")).get("args"));
  }

  // ------------------------------------------------------------------ volumes

  static String localPath(String uri) {
    return uri.replaceFirst("^file://", "");
  }

  static boolean covers(String mountPath, String path) {
    String mount = mountPath.replaceAll("/+$", "");
    return path.equals(mount) || path.startsWith(mount + "/");
  }

  /** The directories the JobManager and TaskManagers write: checkpoints, savepoints, HA storage, the run folder. */
  static Map<String, String> writtenDirectories(Map<String, String> options, List<String> jobArguments) {
    Map<String, String> dirs = new LinkedHashMap<>();
    for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir")) {
      if (options.containsKey(key)) {
        dirs.put(key, localPath(options.get(key)));
      }
    }
    String runDir = flag(jobArguments, "--run-dir", null);
    if (runDir != null) {
      dirs.put("--run-dir", runDir);
    }
    return dirs;
  }

  static List<String> volumeProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    List<String> ignore = new ArrayList<>();
    // compose: named volumes, shared by the JobManager and the TaskManagers
    Map<String, String> composeDirs = writtenDirectories(composeFlinkOptions(files, "jobmanager", ignore), composeJobArguments(files));
    for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "--run-dir")) {
      if (!composeDirs.containsKey(key)) {
        problems.add(COMPOSE + ": the JobManager sets no " + key);
      }
    }
    Set<String> namedVolumes = mapOrEmpty(files.compose().get("volumes")).keySet();
    Map<String, String> volumeOf = new HashMap<>();
    for (String service : List.of("jobmanager", "taskmanager")) {
      List<String> mounts = strings(files.service(service).getOrDefault("volumes", List.of()));
      composeDirs.forEach((key, dir) -> {
        String volume = mounts.stream()
            .map(mount -> mount.split(":"))
            .filter(parts -> parts.length >= 2 && covers(parts[1], dir))
            .map(parts -> parts[0])
            .findFirst().orElse(null);
        if (volume == null) {
          problems.add(COMPOSE + ": service " + service + " has no volume for " + key + " " + dir);
        } else if (!namedVolumes.contains(volume)) {
          problems.add(COMPOSE + ": service " + service + " keeps " + key + " " + dir + " in " + volume + ", not a named volume");
        } else if (volumeOf.putIfAbsent(key, volume) != null && !volumeOf.get(key).equals(volume)) {
          problems.add(COMPOSE + ": " + key + " " + dir + " is on different volumes in the JobManager and the TaskManagers");
        }
      });
    }
    // Kubernetes: the pod template's main container, a ReadWriteMany claim
    Map<String, Object> spec = map(flinkDeployment(files).get("spec"));
    Map<String, String> k8sDirs = writtenDirectories(flinkDeploymentOptions(files), flinkDeploymentArguments(files));
    for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir", "high-availability.storageDir", "--run-dir")) {
      if (!k8sDirs.containsKey(key)) {
        problems.add("FlinkDeployment: sets no " + key);
      }
    }
    Map<String, Map<String, Object>> claims = new HashMap<>();
    files.k8s().stream().filter(resource -> "PersistentVolumeClaim".equals(resource.get("kind")))
        .forEach(claim -> claims.put(String.valueOf(map(claim.get("metadata")).get("name")), claim));
    for (String role : List.of("jobManager", "taskManager")) {
      Map<String, Object> podSpec = podSpec(spec, role);
      Map<String, Object> main = maps(podSpec.getOrDefault("containers", List.of())).stream()
          .filter(container -> "flink-main-container".equals(container.get("name"))).findFirst().orElse(Map.of());
      Map<String, String> claimOfVolume = new HashMap<>();
      for (Map<String, Object> volume : maps(podSpec.getOrDefault("volumes", List.of()))) {
        Map<String, Object> pvc = mapOrEmpty(volume.get("persistentVolumeClaim"));
        claimOfVolume.put(String.valueOf(volume.get("name")), (String) pvc.get("claimName"));
      }
      k8sDirs.forEach((key, dir) -> {
        String volume = maps(main.getOrDefault("volumeMounts", List.of())).stream()
            .filter(mount -> covers(String.valueOf(mount.get("mountPath")), dir))
            .map(mount -> String.valueOf(mount.get("name"))).findFirst().orElse(null);
        String claim = volume == null ? null : claimOfVolume.get(volume);
        if (volume == null) {
          problems.add("FlinkDeployment " + role + ": no volume mount for " + key + " " + dir);
        } else if (claim == null || !claims.containsKey(claim)) {
          problems.add("FlinkDeployment " + role + ": " + key + " " + dir + " is not on a claim of k8s/storage.yaml");
        } else if (!strings(map(claims.get(claim).get("spec")).get("accessModes")).contains("ReadWriteMany")) {
          problems.add("FlinkDeployment " + role + ": " + key + " " + dir + " is on claim " + claim
              + ", which is not ReadWriteMany (every Flink pod writes it)");
        }
      });
      Map<String, Object> security = mapOrEmpty(podSpec.get("securityContext"));
      if (security.containsKey("fsGroup") && !"OnRootMismatch".equals(security.get("fsGroupChangePolicy"))) {
        problems.add("FlinkDeployment " + role + ": securityContext.fsGroup on a ReadWriteMany volume: the kubelet changes the"
            + " ownership of every file on each mount, and NFS-like drivers refuse or ignore it");
      }
    }
    return problems;
  }

  /** The pod spec a role's pods get: the role's pod template over the common one (the operator merges them). */
  private static Map<String, Object> podSpec(Map<String, Object> spec, String role) {
    Map<String, Object> common = mapOrEmpty(mapOrEmpty(spec.get("podTemplate")).get("spec"));
    Map<String, Object> own = mapOrEmpty(mapOrEmpty(mapOrEmpty(spec.get(role)).get("podTemplate")).get("spec"));
    Map<String, Object> merged = new LinkedHashMap<>(common);
    merged.putAll(own);
    return merged;
  }

  // ------------------------------------------------------------------ topics

  static List<String> topicProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    String prefix = flag(flinkDeploymentArguments(files), "--topic-prefix", "mnist-");
    String modelTopic = prefix + KafkaEndpoints.MODEL_TOPIC_SUFFIX;
    Map<String, Object> model = files.k8s().stream()
        .filter(resource -> "KafkaTopic".equals(resource.get("kind")))
        .filter(topic -> modelTopic.equals(map(topic.get("spec")).get("topicName")))
        .findFirst().orElse(null);
    if (model == null) {
      problems.add("k8s/topics.yaml: no KafkaTopic " + modelTopic);
      return problems;
    }
    Map<String, Object> spec = map(model.get("spec"));
    if (!Integer.valueOf(1).equals(spec.get("partitions"))) {
      problems.add("k8s/topics.yaml: " + modelTopic + " must have one partition (model versions stay in order)");
    }
    // The job sends a model in chunks sized for Kafka's default record limit, whatever the network,
    // and bounds the topic's retention by bytes: the topic Strimzi creates must allow both.
    Map<String, Object> config = mapOrEmpty(spec.get("config"));
    Object configured = config.get("max.message.bytes");
    long maxMessageBytes = configured == null ? 1_048_588 : Long.parseLong(String.valueOf(configured));
    if (maxMessageBytes < KafkaEndpoints.MODEL_TOPIC_MAX_MESSAGE_BYTES) {
      problems.add("k8s/topics.yaml: " + modelTopic + " max.message.bytes " + maxMessageBytes + " is below the "
          + KafkaEndpoints.MODEL_TOPIC_MAX_MESSAGE_BYTES + " the job's model chunks are sized for: RecordTooLargeException");
    }
    Map<String, String> jobs = KafkaEndpoints.modelTopicConfig();
    for (String key : List.of("retention.bytes", "segment.bytes", "cleanup.policy")) {
      Object value = config.get(key);
      if (value == null || !jobs.get(key).equals(String.valueOf(value))) {
        problems.add("k8s/topics.yaml: " + modelTopic + " " + key + " is " + value + ", the job creates it with "
            + jobs.get(key) + " (its retention bound, docs/architecture.md)");
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ compose

  static List<String> composeProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> services = map(files.compose().get("services"));
    String image = String.valueOf(files.service("jobmanager").get("image"));
    List<String> builders = new ArrayList<>();
    services.forEach((name, s) -> {
      Map<String, Object> service = map(s);
      if (service.containsKey("build")) {
        builders.add(name);
      } else if (image.equals(service.get("image")) && !"never".equals(service.get("pull_policy"))) {
        problems.add(COMPOSE + ": service " + name + " runs the built image " + image + " without pull_policy: never"
            + " (compose would try to pull it)");
      }
    });
    if (builders.size() != 1) {
      problems.add(COMPOSE + ": " + builders.size() + " services build the image (" + builders + "); one build, shared, is enough");
    }
    for (String name : List.of("jobmanager", "taskmanager")) {
      Object restart = files.service(name).get("restart");
      if (restart == null || !RESTARTING.contains(String.valueOf(restart))) {
        problems.add(COMPOSE + ": service " + name + " has no restart policy (restart: " + restart + ")");
      }
    }
    List<String> ignore = new ArrayList<>();
    Map<String, String> jobManager = composeFlinkOptions(files, "jobmanager", ignore);
    List<String> arguments = composeJobArguments(files);
    if (!arguments.contains("--unbounded") && !"false".equals(jobManager.get("execution.shutdown-on-application-finish"))) {
      problems.add(COMPOSE + ": the bounded job ends and the application-mode JobManager exits with it"
          + " (execution.shutdown-on-application-finish defaults to true): the dashboard and docker compose exec are gone");
    }
    if (arguments.contains("--parallelism") || arguments.contains("--checkpoint-interval")) {
      problems.add(COMPOSE + ": the job's arguments fix --parallelism or --checkpoint-interval; take parallelism.default and"
          + " execution.checkpointing.interval from FLINK_PROPERTIES");
    }
    for (String key : List.of("parallelism.default", "execution.checkpointing.interval")) {
      if (!jobManager.containsKey(key)) {
        problems.add(COMPOSE + ": FLINK_PROPERTIES of the JobManager set no " + key);
      }
    }
    if (!TRAINING_JOB_CLASS.equals(composeEntryClass(files))) {
      problems.add(COMPOSE + ": the JobManager runs " + composeEntryClass(files) + ", not " + TRAINING_JOB_CLASS);
    }
    // Idempotent re-runs: the wrappers decide, DeploymentFilesTest runs them.
    List<String> jobManagerEntry = strings(files.service("jobmanager").getOrDefault("entrypoint", List.of()));
    if (jobManagerEntry.isEmpty() || !jobManagerEntry.get(0).endsWith("/compose-jobmanager.sh")) {
      problems.add(COMPOSE + ": the JobManager does not start through compose-jobmanager.sh: a second docker compose up"
          + " trains a second run into the same metrics file");
    } else {
      List<String> command = strings(files.service("jobmanager").get("command"));
      if (command.size() < 2 || !command.get(0).equals(flag(arguments, "--run-dir", null)) || !command.get(1).matches("[0-9a-f]{32}")) {
        problems.add(COMPOSE + ": compose-jobmanager.sh wants the run folder (that of --run-dir) and a 32-digit hex job id first");
      }
    }
    List<String> producerEntry = strings(files.service("producer").getOrDefault("entrypoint", List.of()));
    if (producerEntry.isEmpty() || !producerEntry.get(0).endsWith("/produce-once.sh")) {
      problems.add(COMPOSE + ": the producer does not start through produce-once.sh: a second docker compose up streams"
          + " the epochs again into the kept Kafka volume");
    }
    // Prometheus scrapes every Flink process on the reporter port.
    String port = jobManager.get("metrics.reporter.prom.port");
    if (!services.containsKey("prometheus")) {
      problems.add(COMPOSE + ": no prometheus service");
    } else {
      String scrape = files.text(PROMETHEUS);
      for (String target : List.of("jobmanager", "taskmanager")) {
        if (!scrape.contains("\"" + target + ":" + port + "\"") && !Pattern.compile("names: \\[\"" + target + "\"\\][\\s\\S]*?port: " + port).matcher(scrape).find()) {
          problems.add(PROMETHEUS + ": does not scrape " + target + " on the reporter port " + port);
        }
      }
    }
    if (!services.containsKey("grafana")) {
      problems.add(COMPOSE + ": no grafana service");
    }
    return problems;
  }

  // ------------------------------------------------------------------ FlinkDeployment

  static List<String> flinkDeploymentProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> spec = map(flinkDeployment(files).get("spec"));
    Map<String, String> options = flinkDeploymentOptions(files);
    Map<String, Object> job = map(spec.get("job"));
    if (!"kubernetes".equals(options.get("high-availability.type"))) {
      problems.add("FlinkDeployment: no high-availability.type: kubernetes; a lost JobManager re-runs main() as a new run from epoch 1");
    }
    if (!options.containsKey("high-availability.storageDir")) {
      problems.add("FlinkDeployment: no high-availability.storageDir");
    }
    if (!List.of("savepoint", "last-state").contains(String.valueOf(job.get("upgradeMode")))) {
      problems.add("FlinkDeployment: upgradeMode " + job.get("upgradeMode") + " loses the training state on every change");
    }
    if (!options.containsKey("execution.checkpointing.savepoint-dir")) {
      problems.add("FlinkDeployment: savepoint upgrades need execution.checkpointing.savepoint-dir");
    }
    List<String> arguments = flinkDeploymentArguments(files);
    if (arguments.contains("--parallelism") || arguments.contains("--checkpoint-interval")) {
      problems.add("FlinkDeployment: job.args fix --parallelism or --checkpoint-interval: spec.job.parallelism and the"
          + " autoscaler cannot change them");
    }
    if (!(job.get("parallelism") instanceof Integer p) || p < 1) {
      problems.add("FlinkDeployment: no spec.job.parallelism");
    }
    if (!options.containsKey("execution.checkpointing.interval")) {
      problems.add("FlinkDeployment: no execution.checkpointing.interval");
    }
    if (!TRAINING_JOB_CLASS.equals(job.get("entryClass"))) {
      problems.add("FlinkDeployment: entryClass " + job.get("entryClass") + ", not " + TRAINING_JOB_CLASS);
    }
    return problems;
  }

  // ------------------------------------------------------------------ the producer container

  /** The producer's java command in compose (after produce-once.sh's marker) or in the k8s Job. */
  static List<String> javaCommand(List<String> command) {
    int java = command.indexOf("java");
    return java < 0 ? List.of() : command.subList(java, command.size());
  }

  static List<String> producerProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    Set<String> inImage = new LinkedHashSet<>();
    copies(files.text(DOCKERFILE)).forEach(copy -> inImage.add(copy.target()));
    Map<String, List<String>> commands = new LinkedHashMap<>();
    commands.put(COMPOSE + " producer", javaCommand(strings(files.service("producer").getOrDefault("entrypoint", List.of()))));
    Map<String, Object> job = files.k8s().stream().filter(resource -> "Job".equals(resource.get("kind"))).findFirst().orElseThrow();
    Map<String, Object> container = maps(map(map(map(job.get("spec")).get("template")).get("spec")).get("containers")).get(0);
    commands.put("k8s/producer-job.yaml", javaCommand(strings(container.get("command"))));
    commands.forEach((where, java) -> {
      if (java.isEmpty()) {
        problems.add(where + ": no java command");
        return;
      }
      String config = java.stream().filter(word -> word.startsWith("-Dlog4j2.configurationFile=") || word.startsWith("-Dlog4j.configurationFile="))
          .map(word -> word.substring(word.indexOf('=') + 1)).findFirst().orElse(null);
      if (config == null) {
        problems.add(where + ": the producer runs without a log4j 2 configuration (log4j's default prints errors only)");
      } else if (!inImage.contains(config)) {
        problems.add(where + ": the log4j 2 configuration " + config + " is not in the image");
      }
      String classpath = flag(java, "-cp", flag(java, "-classpath", ""));
      for (String entry : classpath.split(":")) {
        if (!entry.equals(FLINK_HOME + "/lib/*") && !inImage.contains(entry)) {
          problems.add(where + ": classpath entry " + entry + " is not in the image");
        }
      }
      if (!java.contains(StreamnetCli.class.getName())) {
        problems.add(where + ": does not run " + StreamnetCli.class.getName());
      }
    });
    return problems;
  }

  // ------------------------------------------------------------------ Grafana

  /** Metric names the job registers (gauge, counter, meter) in its operators' sources. */
  static Set<String> jobMetrics(DeploymentFiles files) {
    Set<String> names = new LinkedHashSet<>();
    Pattern registration = Pattern.compile("\\.(?:gauge|counter|meter|histogram)\\(\"([A-Za-z0-9_]+)\"");
    for (String source : METRIC_SOURCES) {
      Matcher matcher = registration.matcher(files.text(source));
      while (matcher.find()) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }

  static final String OPERATOR_METRIC_PREFIX = "flink_taskmanager_job_task_operator_";
  /** The panels the issue asks for whose metrics exist today. */
  static final List<String> DASHBOARD_METRICS =
      List.of("validationAccuracy", "eta", "modelVersion", "examplesPerSecond", "waitingForAverageMs", "deadLettered", "epoch");

  static List<String> dashboardProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    JsonNode dashboard = JSON.readTree(files.text(DASHBOARD));
    Set<String> used = new LinkedHashSet<>();
    Pattern metric = Pattern.compile(OPERATOR_METRIC_PREFIX + "([A-Za-z0-9_]+)");
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher matcher = metric.matcher(target.path("expr").asString(""));
        while (matcher.find()) {
          used.add(matcher.group(1));
        }
      }
    }
    Set<String> registered = jobMetrics(files);
    for (String name : used) {
      if (!registered.contains(name)) {
        problems.add(DASHBOARD + ": panel metric " + name + " is registered by no operator of the job");
      }
    }
    for (String name : DASHBOARD_METRICS) {
      if (!used.contains(name)) {
        problems.add(DASHBOARD + ": no panel shows " + name);
      }
    }
    return problems;
  }

  // ------------------------------------------------------------------ README

  static List<String> readmeProblems(DeploymentFiles files) {
    List<String> problems = new ArrayList<>();
    String readme = files.text(K8S_README);
    int fetch = readme.indexOf("fetch-mnist");
    int copy = readme.indexOf("\nkubectl cp ");
    if (fetch < 0 || fetch > copy) {
      problems.add(K8S_README + ": does not say to fetch MNIST (./streamnet fetch-mnist) before kubectl cp");
    }
    if (!readme.contains("Strimzi 1.")) {
      problems.add(K8S_README + ": does not name the Strimzi 1.x the manifests are written for");
    }
    if (readme.contains("0.45 or later")) {
      problems.add(K8S_README + ": still names Strimzi 0.45, whose CRDs serve v1beta2");
    }
    return problems;
  }

  // ------------------------------------------------------------------ helpers

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    if (!(value instanceof Map)) {
      throw new AssertionError("not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }

  static Map<String, Object> mapOrEmpty(Object value) {
    return value == null ? Map.of() : map(value);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object list) {
    return (List<Map<String, Object>>) list;
  }

  static List<String> strings(Object list) {
    if (list == null) {
      return List.of();
    }
    return ((Collection<?>) list).stream().map(String::valueOf).toList();
  }

}
