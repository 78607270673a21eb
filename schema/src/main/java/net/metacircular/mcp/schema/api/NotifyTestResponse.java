package net.metacircular.mcp.schema.api;

import java.util.List;
import java.util.Objects;

/**
 * {@code POST /v1/notify/test}: a test message sent at once through each {@code [[notify]]}
 * receiver of the node, and what became of it.
 *
 * @param node the agent's node
 * @param receivers one per receiver, in the config's order
 */
public record NotifyTestResponse(String node, List<Receiver> receivers) {
  public NotifyTestResponse {
    Objects.requireNonNull(node, "node");
    receivers = List.copyOf(receivers);
  }

  /** Whether every receiver took its message. */
  public boolean allDelivered() {
    return receivers.stream().allMatch(Receiver::delivered);
  }

  /**
   * One receiver's test message.
   *
   * @param name the receiver as the agent's config names it: {@code notify} or {@code notify[2]}
   * @param url where it was POSTed
   * @param format {@code json}, {@code slack} or {@code ntfy}
   * @param delivered whether the receiver answered 2xx
   * @param error why not, in a sentence; empty when delivered
   */
  public record Receiver(String name, String url, String format, boolean delivered, String error) {
    public Receiver {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(format, "format");
      error = error == null ? "" : error;
    }
  }
}
