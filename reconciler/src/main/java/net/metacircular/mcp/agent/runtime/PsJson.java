package net.metacircular.mcp.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code podman ps -a --format json}. Field names checked against podman 4.3.1: {@code Id},
 * {@code Names} (array), {@code State} (word), {@code Status}, {@code Labels} (object, or null when
 * the container has none), {@code Image}, {@code ImageID}, {@code StartedAt} (unix seconds; a
 * never-started container shows Go's zero time, -62135596800), {@code ExitCode}.
 */
final class PsJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PsJson() {}

  /**
   * The containers in podman's answer.
   *
   * @throws IllegalArgumentException when the text is not the JSON array podman prints
   */
  static List<ObservedContainer> parse(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "podman ps printed something that is not JSON: " + e.getOriginalMessage(), e);
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "podman ps printed JSON that is not an array, but " + root.getNodeType());
    }
    List<ObservedContainer> out = new ArrayList<>(root.size());
    for (JsonNode node : root) {
      out.add(container(node));
    }
    return out;
  }

  private static ObservedContainer container(JsonNode n) {
    String id = n.path("Id").asText("");
    JsonNode names = n.path("Names");
    String name = names.isArray() && !names.isEmpty() ? names.get(0).asText() : id;
    long startedAt = n.path("StartedAt").asLong(0);
    return new ObservedContainer(
        id,
        name,
        ContainerState.fromPodman(n.path("State").asText(null)),
        n.path("Status").asText(""),
        labels(n.path("Labels")),
        n.path("Image").asText(""),
        n.path("ImageID").asText(""),
        startedAt > 0 ? Optional.of(Instant.ofEpochSecond(startedAt)) : Optional.empty(),
        n.path("ExitCode").asInt(0));
  }

  private static Map<String, String> labels(JsonNode labels) {
    Map<String, String> out = new LinkedHashMap<>();
    if (labels.isObject()) {
      labels.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    }
    return out;
  }
}
