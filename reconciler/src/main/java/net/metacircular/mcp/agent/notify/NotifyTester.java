package net.metacircular.mcp.agent.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.metacircular.mcp.schema.api.NotifyTestResponse;

/**
 * {@code mcp notify test}: one test message to every receiver at once, bypassing the outbox (the
 * answer says what each receiver did with it now). Not counted as a failed delivery: a test is not
 * an incident lost.
 */
final class NotifyTester {
  private final List<Receiver> receivers;
  private final String node;
  private final Clock clock;

  NotifyTester(List<Receiver> receivers, String node, Clock clock) {
    this.receivers = List.copyOf(receivers);
    this.node = node;
    this.clock = clock;
  }

  NotifyTestResponse test() {
    String body = body(node, clock.instant());
    List<Future<Optional<String>>> sends = new ArrayList<>();
    try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Receiver r : receivers) {
        sends.add(each.submit(() -> r.send(body)));
      }
    }
    List<NotifyTestResponse.Receiver> out = new ArrayList<>();
    for (int i = 0; i < receivers.size(); i++) {
      Receiver r = receivers.get(i);
      Optional<String> error;
      try {
        error = sends.get(i).get();
      } catch (java.util.concurrent.ExecutionException e) {
        error = Optional.of(String.valueOf(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        error = Optional.of("interrupted");
      }
      out.add(
          new NotifyTestResponse.Receiver(
              r.config().name(),
              r.config().key(),
              r.config().format().word(),
              error.isEmpty(),
              error.orElse("")));
    }
    return new NotifyTestResponse(node, out);
  }

  /** DESIGN.md's JSON body with {@code status} and {@code kind} {@code test}. */
  static String body(String node, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident", "test");
    m.put("status", "test");
    m.put("node", node);
    m.put("service", "");
    m.put("component", "");
    m.put("kind", "test");
    m.put(
        "message",
        "A test message from mcp notify test: node "
            + node
            + "'s notifications reach this receiver.");
    m.put("commit", "");
    m.put("since", now.toString());
    m.put("time", now.toString());
    return Notifications.json(m);
  }
}
