package net.metacircular.mcp.agent.suspend;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.Suspension;

/**
 * Suspending and resuming, each with its event, and the expiry of suspensions whose {@code until}
 * has come. The registry holds the state; this class holds none.
 */
public final class Suspensions {
  private final Registry registry;
  private final Clock clock;

  public Suspensions(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Suspends {@code target} (a service, or {@link Suspension#NODE}) from now. */
  public Suspension suspend(String target, String reason, String who, Optional<Instant> until) {
    Suspension s = new Suspension(target, reason, who, clock.instant(), until);
    registry.suspend(s);
    String what = s.wholeNode() ? "every service of the node" : target;
    String message =
        "suspended "
            + what
            + " by "
            + who
            + ": "
            + reason
            + until.map(u -> " (until " + u + ")").orElse(" (until mcp resume)");
    registry.appendEvent(event(s, message));
    return s;
  }

  /** Resumes {@code target}; whether it was suspended. */
  public boolean resume(String target, String who) {
    Optional<Suspension> before = find(target);
    if (before.isEmpty() || !registry.resume(target)) {
      return false;
    }
    registry.appendEvent(event(before.get(), "resumed " + what(before.get()) + " by " + who));
    return true;
  }

  /** Resumes what has run out by now, each with an event; what is in force afterwards. */
  public List<Suspension> expire() {
    Instant now = clock.instant();
    for (Suspension s : registry.suspensions()) {
      if (s.expired(now) && registry.resume(s.target())) {
        registry.appendEvent(
            event(s, "resumed " + what(s) + ": its suspension ran out at " + s.until().get()));
      }
    }
    return registry.suspensions();
  }

  /** What is suspended, or an empty list. */
  public List<Suspension> all() {
    return registry.suspensions();
  }

  public Optional<Suspension> find(String target) {
    return registry.suspensions().stream().filter(s -> s.target().equals(target)).findFirst();
  }

  /** The suspension that holds {@code service} still: its own, else the node's. */
  public Optional<Suspension> holding(String service) {
    List<Suspension> all = registry.suspensions();
    Instant now = clock.instant();
    Optional<Suspension> own =
        all.stream().filter(s -> s.target().equals(service) && !s.expired(now)).findFirst();
    return own.or(() -> all.stream().filter(s -> s.wholeNode() && !s.expired(now)).findFirst());
  }

  /** {@code options} with {@code inForce} as the planner's suspended set. */
  public static PlanOptions apply(PlanOptions options, List<Suspension> inForce) {
    Set<String> services = new HashSet<>();
    boolean node = false;
    for (Suspension s : inForce) {
      if (s.wholeNode()) {
        node = true;
      } else {
        services.add(s.target());
      }
    }
    return options.withSuspended(services, node);
  }

  private static String what(Suspension s) {
    return s.wholeNode() ? "every service of the node" : s.target();
  }

  private static NewEvent event(Suspension s, String message) {
    EventKind kind = message.startsWith("resumed") ? EventKind.RESUMED : EventKind.SUSPENDED;
    return s.wholeNode()
        ? NewEvent.ofSource(kind, message)
        : NewEvent.ofService(kind, s.target(), message);
  }
}
