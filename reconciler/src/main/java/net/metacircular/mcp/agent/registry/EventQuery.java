package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * Which events to read: {@code EventQuery.recent(50).forService("metacrypt").since(t)}.
 *
 * @param service only events about this service, when present
 * @param since only events at or after this time, when present
 * @param limit at most this many (1 to {@link #MAX_LIMIT})
 * @param newestFirst newest first (the default) or oldest first
 */
public record EventQuery(
    Optional<String> service, Optional<Instant> since, int limit, boolean newestFirst) {

  public static final int MAX_LIMIT = 10_000;

  public EventQuery {
    Check.optional("event query service", service)
        .ifPresent(s -> Check.name("event query service", s));
    Check.optional("event query since", since);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw RegistryException.invalid(
          "event query limit " + limit + " is out of range; pass 1 to " + MAX_LIMIT);
    }
  }

  /** The newest {@code limit} events. */
  public static EventQuery recent(int limit) {
    return new EventQuery(Optional.empty(), Optional.empty(), limit, true);
  }

  public EventQuery forService(String name) {
    return new EventQuery(Optional.of(name), since, limit, newestFirst);
  }

  public EventQuery since(Instant time) {
    return new EventQuery(service, Optional.of(time), limit, newestFirst);
  }

  /** The same events, oldest first (the {@code limit} oldest that match). */
  public EventQuery oldestFirst() {
    return new EventQuery(service, since, limit, false);
  }
}
