package streamnet.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The few calls of Flink's REST API that submit, follow and stop the training job. */
public final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private final String address;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of the cluster whose REST endpoint is {@code address}, e.g. {@code http://127.0.0.1:8081}. */
  public FlinkRest(String address) {
    this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  /** The REST address, which is also the dashboard's. */
  public String address() {
    return address;
  }

  /** GET {@code path} as JSON. */
  public JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** The resource ids of the registered TaskManagers, none while the REST endpoint is not up yet. */
  Set<String> taskManagerIdsOrNone() {
    try {
      Set<String> ids = new HashSet<>();
      get("/taskmanagers").path("taskmanagers").forEach(taskManager -> ids.add(taskManager.get("id").asText()));
      return ids;
    } catch (IllegalStateException notUpYet) {
      return Set.of();
    }
  }

  /** Uploads a job jar; returns its id on the cluster. */
  public String uploadJar(Path jar) {
    String boundary = "streamnet-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
          + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(Files.readAllBytes(jar));
      body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job jar " + jar, e);
    }
    JsonNode uploaded = send(HttpRequest.newBuilder(uri("/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    return Path.of(uploaded.get("filename").asText()).getFileName().toString();
  }

  /** Runs an uploaded jar's {@code entryClass} with {@code arguments}, from a savepoint if given; returns the job id. */
  public String run(String jarId, String entryClass, List<String> arguments, Optional<String> savepoint) {
    ObjectNode request = JSON.createObjectNode().put("entryClass", entryClass);
    request.putArray("programArgsList").addAll(arguments.stream().map(JSON.getNodeFactory()::textNode).toList());
    savepoint.ifPresent(path -> request.put("savepointPath", path));
    return send(post("/jars/" + jarId + "/run", request)).get("jobid").asText();
  }

  /** The job's state: RUNNING, FINISHED, FAILED, CANCELED, ... */
  public String jobState(String jobId) {
    return get("/jobs/" + jobId).get("state").asText();
  }

  /** Cancels the job (no savepoint). */
  public void cancel(String jobId) {
    send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /** Stops the job with a savepoint in {@code targetDirectory} (else the cluster's savepoint folder); returns its path. */
  public String stopWithSavepoint(String jobId, Optional<String> targetDirectory, Duration timeout) {
    ObjectNode request = JSON.createObjectNode().put("drain", false);
    targetDirectory.ifPresent(directory -> request.put("targetDirectory", directory));
    String trigger = send(post("/jobs/" + jobId + "/stop", request)).get("request-id").asText();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.get("operation");
        if (operation.has("failure-cause")) {
          throw new IllegalStateException("the savepoint failed: " + operation.get("failure-cause").path("stack-trace").asText());
        }
        return operation.get("location").asText();
      }
      sleep();
    }
    throw new IllegalStateException("the savepoint of job " + jobId + " did not complete within " + timeout.toSeconds() + " s");
  }

  private HttpRequest.Builder post(String path, JsonNode body) {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
  }

  private URI uri(String path) {
    return URI.create(address + path);
  }

  /** Sends the request; a refused connection or an error status becomes an IllegalStateException. */
  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("Flink answered " + response.statusCode() + " to " + built.method() + " "
            + built.uri().getPath() + ": " + body.path("errors"));
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException("no Flink cluster answers at " + address + " (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while talking to Flink at " + address, e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a savepoint", e);
    }
  }
}
