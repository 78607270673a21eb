package net.metacircular.mcp.agent.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.metacircular.mcp.agent.config.NotifyConfig.Format;

/**
 * A queued JSON body in a receiver's format: the body's bytes and the headers that go with it.
 *
 * @param contentType the body's media type
 * @param body the bytes POSTed
 * @param headers further headers (ntfy's title, tags and priority)
 */
record Message(String contentType, byte[] body, Map<String, String> headers) {

  static Message render(Format format, String json) {
    JsonNode n;
    try {
      n = Notifications.JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("a queued notification is not JSON: " + e.getMessage(), e);
    }
    return switch (format) {
      case JSON -> new Message("application/json", bytes(json), Map.of());
      case SLACK -> {
        Map<String, String> text = Map.of("text", title(n) + "\n" + n.path("message").asText());
        try {
          yield new Message(
              "application/json", Notifications.JSON.writeValueAsBytes(text), Map.of());
        } catch (JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      }
      case NTFY -> {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Title", title(n));
        String status = n.path("status").asText();
        boolean urgent = status.equals("open") || status.equals("reminder");
        headers.put(
            "Tags",
            status.equals("resolved")
                ? "white_check_mark"
                : status.equals("test") ? "test_tube" : "rotating_light");
        headers.put("Priority", urgent ? "high" : "default");
        yield new Message("text/plain; charset=utf-8", bytes(n.path("message").asText()), headers);
      }
    };
  }

  /** {@code [open] web/app failed on rift}, naming the source when there is no service. */
  static String title(JsonNode n) {
    if (n.path("status").asText().equals("test")) {
      return "[test] mcp-agent on " + n.path("node").asText();
    }
    String service = n.path("service").asText();
    String component = n.path("component").asText();
    String what =
        service.isEmpty()
            ? "the services repository"
            : component.isEmpty() ? service : service + "/" + component;
    return "["
        + n.path("status").asText()
        + "] "
        + what
        + " "
        + n.path("kind").asText()
        + " on "
        + n.path("node").asText();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
