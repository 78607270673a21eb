package net.metacircular.mcp.agent.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.SecretRefs;

/**
 * The registry's stored form of an applied component spec, so that "what changed" can be said down
 * to the field even for a manual service deployed one component at a time.
 */
public final class ComponentSpecJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ComponentSpecJson() {}

  public static String write(ComponentSpec c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", c.name());
    n.put("image", c.image());
    n.set("cmd", JSON.valueToTree(c.cmd()));
    n.set("env", JSON.valueToTree(new TreeMap<>(c.env())));
    n.set("ports", JSON.valueToTree(c.ports()));
    n.set("volumes", JSON.valueToTree(c.volumes()));
    c.network().ifPresent(v -> n.put("network", v));
    c.user().ifPresent(v -> n.put("user", v));
    n.put("restart_kind", c.restart().kind().name());
    n.put("restart_retries", c.restart().maxRetries());
    n.set("depends_on", JSON.valueToTree(c.dependsOn()));
    n.put("stop_timeout_ms", c.stopTimeout().toMillis());
    c.health()
        .ifPresent(
            h -> {
              ObjectNode hn = n.putObject("health");
              hn.set("cmd", JSON.valueToTree(h.cmd()));
              hn.put("interval_ms", h.interval().toMillis());
              hn.put("retries", h.retries());
              hn.put("start_period_ms", h.startPeriod().toMillis());
              hn.put("timeout_ms", h.timeout().toMillis());
            });
    // Keyed digests of the values, never a value: what says "secret tls_key changed".
    if (!c.secrets().isEmpty()) {
      ObjectNode sn = n.putObject("secrets");
      sn.set("files", JSON.valueToTree(c.secrets().files()));
      sn.set("env", JSON.valueToTree(new TreeMap<>(c.secrets().env())));
      sn.set("digests", JSON.valueToTree(new TreeMap<>(c.secrets().digests())));
    }
    return n.toString();
  }

  /** Empty when the text is not a spec this version wrote (then "what changed" is vaguer). */
  public static Optional<ComponentSpec> read(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      Optional<HealthSpec> health =
          n.hasNonNull("health")
              ? Optional.of(
                  new HealthSpec(
                      strings(n.get("health").get("cmd")),
                      Duration.ofMillis(n.get("health").get("interval_ms").asLong()),
                      n.get("health").get("retries").asInt(),
                      Duration.ofMillis(n.get("health").get("start_period_ms").asLong()),
                      Duration.ofMillis(n.get("health").get("timeout_ms").asLong())))
              : Optional.empty();
      Map<String, String> env = new TreeMap<>();
      n.get("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
      return Optional.of(
          new ComponentSpec(
              n.get("name").asText(),
              n.get("image").asText(),
              strings(n.get("cmd")),
              env,
              strings(n.get("ports")),
              strings(n.get("volumes")),
              Optional.ofNullable(n.get("network")).map(JsonNode::asText),
              Optional.ofNullable(n.get("user")).map(JsonNode::asText),
              new RestartPolicy(
                  RestartPolicy.Kind.valueOf(n.get("restart_kind").asText()),
                  n.get("restart_retries").asInt()),
              strings(n.get("depends_on")),
              Duration.ofMillis(n.get("stop_timeout_ms").asLong()),
              health,
              secrets(n.get("secrets"))));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static SecretRefs secrets(JsonNode n) {
    if (n == null || n.isNull()) {
      return SecretRefs.NONE;
    }
    return new SecretRefs(strings(n.get("files")), map(n.get("env")), map(n.get("digests")));
  }

  private static Map<String, String> map(JsonNode object) {
    Map<String, String> out = new TreeMap<>();
    object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }
}
