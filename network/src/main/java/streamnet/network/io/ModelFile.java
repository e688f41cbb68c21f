package streamnet.network.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import streamnet.network.Activation;
import streamnet.network.Architecture;
import streamnet.network.Cost;
import streamnet.network.Network;

/**
 * Model files in network2.py's JSON format: {@code sizes}, {@code weights} (per layer, one row per
 * output neuron), {@code biases} (per layer, a column of one-element rows) and {@code cost} (the
 * class name network2's {@code load()} looks up), so network2 reads ours. streamnet adds
 * {@code activations}, which network2 lacks and ignores; without it every layer is sigmoid, as in
 * network2. Reading is strict: any shape or value that does not fit is rejected with its location.
 */
public final class ModelFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelFile() {}

  /** Writes {@code network} to {@code path} atomically (a reader never sees half a file). */
  public static void write(Network network, Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        write(network, out);
      }
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Writes {@code network} as JSON to {@code out} (left open). */
  public static void write(Network network, OutputStream out) throws IOException {
    Architecture architecture = network.architecture();
    try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeArrayFieldStart("sizes");
      for (int size : architecture.sizes()) {
        json.writeNumber(size);
      }
      json.writeEndArray();
      json.writeArrayFieldStart("weights");
      for (int l = 0; l < network.depth(); l++) {
        writeWeightMatrix(json, network.weights(l));
      }
      json.writeEndArray();
      json.writeArrayFieldStart("biases");
      for (int l = 0; l < network.depth(); l++) {
        json.writeStartArray();
        for (float b : network.biases(l)) {
          json.writeStartArray();
          json.writeNumber(b);
          json.writeEndArray();
        }
        json.writeEndArray();
      }
      json.writeEndArray();
      json.writeStringField("cost", architecture.cost().network2Name());
      json.writeArrayFieldStart("activations");
      for (Activation activation : architecture.activations()) {
        json.writeString(activation.id());
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** network2 keeps w[out][in]; we keep rows per input, so write the transpose. */
  private static void writeWeightMatrix(JsonGenerator json, float[][] rowsPerInput) throws IOException {
    int inputs = rowsPerInput.length;
    int outputs = rowsPerInput[0].length;
    json.writeStartArray();
    for (int j = 0; j < outputs; j++) {
      json.writeStartArray();
      for (int i = 0; i < inputs; i++) {
        json.writeNumber(rowsPerInput[i][j]);
      }
      json.writeEndArray();
    }
    json.writeEndArray();
  }

  /** Reads a model file, rejecting anything that is not exactly a network. */
  public static Network read(Path path) throws IOException {
    JsonNode root;
    try {
      root = MAPPER.readTree(path.toFile());
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(path + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    return parse(root, path.toString());
  }

  /** Reads a model from JSON bytes; {@code source} names them in errors. */
  public static Network read(byte[] json, String source) throws IOException {
    try {
      return parse(MAPPER.readTree(json), source);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a model file and insists on the given architecture (e.g. to resume a run). */
  public static Network read(Path path, Architecture expected) throws IOException {
    Network network = read(path);
    if (!network.architecture().equals(expected)) {
      throw new ModelFormatException(
          path + ": model is " + network.architecture() + ", expected " + expected);
    }
    return network;
  }

  /** Builds the network a parsed model file describes; {@code source} names it in errors. */
  static Network parse(JsonNode root, String source) {
    if (root == null || !root.isObject()) {
      throw new ModelFormatException(source + ": expected a JSON object");
    }
    int[] sizes = readSizes(field(root, "sizes", source), source);
    Cost cost = readCost(field(root, "cost", source), source);
    Activation[] activations = readActivations(root.get("activations"), sizes.length - 1, source);
    Architecture architecture;
    try {
      architecture = new Architecture(sizes, activations, cost);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
    Network network = Network.zeros(architecture);
    JsonNode weights = layerList(field(root, "weights", source), "weights", sizes, source);
    JsonNode biases = layerList(field(root, "biases", source), "biases", sizes, source);
    for (int l = 0; l < sizes.length - 1; l++) {
      readWeights(weights.get(l), network.weights(l), "weights[" + l + "]", source);
      readBiases(biases.get(l), network.biases(l), "biases[" + l + "]", source);
    }
    return network;
  }

  private static JsonNode field(JsonNode root, String name, String source) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      throw new ModelFormatException(source + ": missing field '" + name + "'");
    }
    return node;
  }

  private static int[] readSizes(JsonNode node, String source) {
    if (!node.isArray() || node.size() < 2) {
      throw new ModelFormatException(source + ": 'sizes' must list at least two layer sizes");
    }
    int[] sizes = new int[node.size()];
    for (int l = 0; l < sizes.length; l++) {
      JsonNode size = node.get(l);
      if (!size.canConvertToInt() || !size.isIntegralNumber() || size.asInt() < 1) {
        throw new ModelFormatException(source + ": sizes[" + l + "] must be a positive integer, got " + size);
      }
      sizes[l] = size.asInt();
    }
    return sizes;
  }

  private static Cost readCost(JsonNode node, String source) {
    try {
      return Cost.fromId(node.asText());
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
  }

  private static Activation[] readActivations(JsonNode node, int layers, String source) {
    Activation[] activations = new Activation[layers];
    if (node == null || node.isNull()) {
      Arrays.fill(activations, Activation.SIGMOID);
      return activations;
    }
    if (!node.isArray() || node.size() != layers) {
      throw new ModelFormatException(
          source + ": 'activations' must list " + layers + " names, got " + node);
    }
    try {
      for (int l = 0; l < layers; l++) {
        activations[l] = Activation.fromId(node.get(l).asText());
      }
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
    return activations;
  }

  private static JsonNode layerList(JsonNode node, String name, int[] sizes, String source) {
    if (!node.isArray() || node.size() != sizes.length - 1) {
      throw new ModelFormatException(
          source + ": '" + name + "' must hold " + (sizes.length - 1) + " layers (sizes has "
              + sizes.length + " entries), got " + (node.isArray() ? node.size() : node.getNodeType()));
    }
    return node;
  }

  /** network2's w[out][in] into our rows per input. */
  private static void readWeights(JsonNode matrix, float[][] rowsPerInput, String where, String source) {
    int inputs = rowsPerInput.length;
    int outputs = rowsPerInput[0].length;
    requireArray(matrix, outputs, where, "rows (one per output neuron)", source);
    for (int j = 0; j < outputs; j++) {
      JsonNode row = matrix.get(j);
      String at = where + "[" + j + "]";
      requireArray(row, inputs, at, "weights (one per input neuron)", source);
      for (int i = 0; i < inputs; i++) {
        rowsPerInput[i][j] = number(row.get(i), at + "[" + i + "]", source);
      }
    }
  }

  /** network2's bias column: one one-element row per output neuron. */
  private static void readBiases(JsonNode column, float[] biases, String where, String source) {
    requireArray(column, biases.length, where, "rows (one per output neuron)", source);
    for (int j = 0; j < biases.length; j++) {
      JsonNode row = column.get(j);
      String at = where + "[" + j + "]";
      requireArray(row, 1, at, "value", source);
      biases[j] = number(row.get(0), at + "[0]", source);
    }
  }

  private static void requireArray(JsonNode node, int length, String where, String what, String source) {
    if (node == null || !node.isArray()) {
      throw new ModelFormatException(source + ": " + where + " must be an array of " + length + " " + what);
    }
    if (node.size() != length) {
      throw new ModelFormatException(
          source + ": " + where + " has " + node.size() + " entries, expected " + length + " " + what);
    }
  }

  private static float number(JsonNode node, String where, String source) {
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw new ModelFormatException(source + ": " + where + " must be a finite number, got " + node);
    }
    return (float) node.asDouble();
  }
}
