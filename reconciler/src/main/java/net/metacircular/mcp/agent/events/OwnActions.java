package net.metacircular.mcp.agent.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;

/**
 * Which container events the agent caused itself: its own stop, rm, recreate, restart and health
 * runs make podman report {@code died}, {@code remove} and {@code health_status} like anyone
 * else's, and those must not be taken for drift. Every call the agent makes on a container through
 * {@link #attributing} is remembered by container name while it runs and for {@link #GRACE} after
 * (podman stamps {@code died} and {@code cleanup} a moment after a stop or rm that caused them
 * returns; the events of a start are stamped before it returns, so they get no grace). A real kill
 * within that moment is left to the {@code drift_interval} backstop.
 */
public final class OwnActions {
  /** How long after the agent's own stop or rm a death of that container is still its own. */
  public static final Duration GRACE = Duration.ofSeconds(2);

  /** What one of the agent's calls does to a container, and so which events it causes. */
  enum Effect {
    /** run, start, restart: create, init, start. */
    STARTS,
    /** stop, rm, restart: stop, kill, died, remove. */
    ENDS,
    /** healthcheck run: health_status. */
    CHECKS
  }

  private record Key(String name, Effect effect) {}

  private final Clock clock;
  private final Map<Key, Integer> inFlight = new HashMap<>();
  private final Map<Key, Instant> lastEnded = new HashMap<>();

  public OwnActions(Clock clock) {
    this.clock = clock;
  }

  /**
   * {@code runtime}, with every container-changing call remembered here ({@link
   * AttributingRuntime}: a call added to {@link ContainerRuntime} must be sorted there, as one that
   * changes a container or one that passes through).
   */
  public ContainerRuntime attributing(ContainerRuntime runtime) {
    return new AttributingRuntime(runtime, this);
  }

  /** Runs {@code call}, the agent's own, on container {@code name} with these effects. */
  <T> T during(String name, Set<Effect> effects, Supplier<T> call) {
    return during(List.of(name), effects, call);
  }

  /** Runs {@code call}, the agent's own, on each of the containers {@code names} (a batch). */
  <T> T during(List<String> names, Set<Effect> effects, Supplier<T> call) {
    names.forEach(n -> effects.forEach(e -> began(new Key(n, e))));
    try {
      return call.get();
    } finally {
      names.forEach(n -> effects.forEach(e -> ended(new Key(n, e))));
    }
  }

  private synchronized void began(Key key) {
    inFlight.merge(key, 1, Integer::sum);
  }

  private synchronized void ended(Key key) {
    inFlight.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    lastEnded.put(key, clock.instant());
  }

  /**
   * Whether the agent caused this event: one of its calls that has this effect on the container ran
   * then, or had just ended. A container that dies right after the agent started it died by itself:
   * a start does not cause a {@code died}.
   */
  public synchronized boolean caused(RuntimeEvent e) {
    Optional<Effect> effect = effectOf(e);
    if (effect.isEmpty()) {
      return false;
    }
    Key key = new Key(e.name(), effect.get());
    if (inFlight.containsKey(key)) {
      return true;
    }
    Instant last = lastEnded.get(key);
    // podman stamps create, init, start and health_status inside the call that causes them; only
    // the deaths of a stop or rm come later (from conmon's cleanup). A grace after a start would
    // take a foreign container created a moment later under the same name for the agent's own.
    Duration grace = key.effect() == Effect.ENDS ? GRACE : Duration.ZERO;
    return last != null && !e.time().isAfter(last.plus(grace));
  }

  private static Optional<Effect> effectOf(RuntimeEvent e) {
    if (e.ended()) {
      return Optional.of(Effect.ENDS);
    }
    return switch (e.action()) {
      case RuntimeEvent.HEALTH_STATUS -> Optional.of(Effect.CHECKS);
      case RuntimeEvent.CREATE, "init", RuntimeEvent.START, "restart" -> Optional.of(Effect.STARTS);
      default -> Optional.empty();
    };
  }
}
