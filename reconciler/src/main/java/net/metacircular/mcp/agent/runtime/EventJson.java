package net.metacircular.mcp.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one line of {@code podman events --format json}. Field names checked against podman 4.3.1:
 * {@code ID}, {@code Name}, {@code Status} (the action), {@code Time} (RFC 3339 with nanoseconds),
 * {@code Type}, {@code ContainerExitCode} (on {@code died}), {@code health_status} (on {@code
 * health_status}), {@code Attributes} (the container's labels; empty for a container without).
 */
final class EventJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EventJson() {}

  /** The container event on this line; empty for another type, a blank line or a broken one. */
  static Optional<RuntimeEvent> parse(String line) {
    if (line.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(line);
      if (!n.isObject() || !"container".equals(n.path("Type").asText("container"))) {
        return Optional.empty();
      }
      String action = n.path("Status").asText("");
      String id = n.path("ID").asText("");
      if (action.isEmpty() || id.isEmpty()) {
        return Optional.empty();
      }
      RuntimeEvent e =
          RuntimeEvent.of(action, id, n.path("Name").asText(""), time(n.path("Time").asText("")));
      if (n.hasNonNull("ContainerExitCode")) {
        e = e.withExit(n.get("ContainerExitCode").asInt(), false);
      }
      if (n.hasNonNull("health_status")) {
        e = e.withHealth(n.get("health_status").asText());
      }
      return Optional.of(e.withLabels(labels(n.path("Attributes"))));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> labels(JsonNode attributes) {
    Map<String, String> labels = new HashMap<>();
    attributes.fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText("")));
    return labels;
  }

  private static Instant time(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // podman prints local offsets on some systems; Instant.parse takes only Z.
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return Instant.now();
      }
    }
  }
}
