package net.metacircular.mcp.agent.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.config.NotifyConfig;
import net.metacircular.mcp.agent.registry.Registry;

/**
 * Turns the registry's state into incident messages: one {@code open} when an incident appears, a
 * {@code reminder} at most every receiver's {@code repeat}, one {@code resolved} when it clears.
 * Each scan compares what is broken now with the incidents kept in the registry and queues the
 * messages in the outbox in the same transaction, so an agent restart repeats and loses nothing.
 */
public final class Notifications {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Registry registry;
  private final String node;
  private final List<NotifyConfig> receivers;
  private final IncidentScan scan;
  private final Clock clock;

  Notifications(
      Registry registry,
      String node,
      List<NotifyConfig> receivers,
      IncidentScan scan,
      Clock clock) {
    this.registry = registry;
    this.node = node;
    this.receivers = List.copyOf(receivers);
    this.scan = scan;
    this.clock = clock;
  }

  /** Compares what is broken now with the open incidents and queues the messages that follows. */
  public synchronized void scan() {
    Instant now = clock.instant();
    List<Incident> current = scan.incidents(registry.conditions(), registry.sourceState(), now);
    registry.useTransaction(
        tx -> {
          IncidentStore store = new IncidentStore(tx.handle());
          Map<String, Incident> open = store.open();
          Set<String> still = new java.util.HashSet<>();
          for (Incident i : current) {
            if (!still.add(i.fingerprint())) {
              continue;
            }
            if (!open.containsKey(i.fingerprint())) {
              store.insert(i, now);
            }
            for (NotifyConfig r : receivers) {
              if (!r.wants(i.kind(), i.service())) {
                continue;
              }
              Optional<Instant> last = store.lastSent(i.fingerprint(), r.key());
              if (last.isEmpty()) {
                store.enqueue(r.key(), body(i, "open", now), now);
                store.sent(i.fingerprint(), r.key(), now);
              } else if (!last.get().plus(r.repeat()).isAfter(now)) {
                store.enqueue(r.key(), body(i, "reminder", now), now);
                store.sent(i.fingerprint(), r.key(), now);
              }
            }
          }
          for (Incident gone : open.values()) {
            if (still.contains(gone.fingerprint())) {
              continue;
            }
            for (NotifyConfig r : receivers) {
              if (store.lastSent(gone.fingerprint(), r.key()).isPresent()) {
                store.enqueue(r.key(), body(gone, "resolved", now), now);
              }
            }
            store.delete(gone.fingerprint());
          }
        });
  }

  /** DESIGN.md's JSON body; the other formats are made from it at delivery. */
  private String body(Incident i, String status, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident", i.fingerprint());
    m.put("status", status);
    m.put("node", node);
    m.put("service", i.service());
    m.put("component", i.component());
    m.put("kind", i.kind());
    m.put("message", i.message());
    m.put("commit", i.commit().orElse(""));
    m.put("since", i.since().toString());
    m.put("time", now.toString());
    return json(m);
  }

  static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a notification as JSON", e);
    }
  }

  /** The incidents open now (for status). */
  public List<Incident> open() {
    return registry.inTransaction(
        tx -> List.copyOf(new IncidentStore(tx.handle()).open().values()));
  }
}
