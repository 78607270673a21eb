package net.metacircular.mcp.agent.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the event history to {@code [registry] keep_events}: events older than that are deleted, at
 * start and then at most once every {@link #EVERY}, on the agent's housekeeping thread (never in a
 * reconcile, which must not wait on a large delete).
 */
public final class EventRetention {
  private static final Logger LOG = LoggerFactory.getLogger(EventRetention.class);

  /** How often the history is trimmed. */
  public static final Duration EVERY = Duration.ofHours(1);

  private final Registry registry;
  private final Duration keep;
  private final Clock clock;
  private Instant lastTrim;

  public EventRetention(Registry registry, Duration keep, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.keep = Objects.requireNonNull(keep, "keep");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Deletes the events older than {@code keep} if the last trim was {@link #EVERY} ago or never;
   * how many were deleted, or empty when it was not yet due.
   */
  public synchronized OptionalInt trimIfDue() {
    Instant now = clock.instant();
    if (lastTrim != null && Duration.between(lastTrim, now).compareTo(EVERY) < 0) {
      return OptionalInt.empty();
    }
    lastTrim = now;
    int deleted = registry.deleteEventsBefore(now.minus(keep));
    if (deleted > 0) {
      LOG.info(
          "deleted {} events older than {} ([registry] keep_events)", deleted, now.minus(keep));
    }
    return OptionalInt.of(deleted);
  }
}
