package net.metacircular.mcp.agent.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what a container event means to the agent:
 *
 * <ul>
 *   <li>a managed container that died, was stopped, killed or removed, or that a health check found
 *       unhealthy, by someone other than the agent: that service is reconciled at once;
 *   <li>a container created under a managed name by someone else: that service is reconciled at
 *       once, and the planner reports the conflict;
 *   <li>anything the agent caused itself ({@link OwnActions}), and every other container's events:
 *       ignored.
 * </ul>
 *
 * Runs on the event stream's thread: it only looks things up and asks for a reconcile.
 */
public final class EventRouter implements Consumer<RuntimeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);

  /** Where the router sends a service to be reconciled, with the event that asked for it. */
  public interface Target {
    void reconcile(String service, RuntimeEvent cause);
  }

  private final ManagedNames names;
  private final OwnActions own;
  private final Target target;
  private final java.util.Optional<CrashLoops> crashLoops;
  private final LastExits exits;
  private final AtomicLong triggered = new AtomicLong();
  private final AtomicLong ownIgnored = new AtomicLong();
  private final Map<String, AtomicLong> triggeredByService = new ConcurrentHashMap<>();
  private final AtomicReference<java.time.Instant> newest = new AtomicReference<>();

  public EventRouter(ManagedNames names, OwnActions own, Target target) {
    this(names, own, target, java.util.Optional.empty());
  }

  /** A router that also counts deaths towards crash loops, which then take the start over. */
  public EventRouter(
      ManagedNames names, OwnActions own, Target target, java.util.Optional<CrashLoops> loops) {
    this(names, own, target, loops, new LastExits());
  }

  /** A router that also keeps each managed container's last exit code in {@code exits}. */
  public EventRouter(
      ManagedNames names,
      OwnActions own,
      Target target,
      java.util.Optional<CrashLoops> loops,
      LastExits exits) {
    this.exits = Objects.requireNonNull(exits, "exits");
    this.crashLoops = Objects.requireNonNull(loops, "loops");
    this.names = Objects.requireNonNull(names, "names");
    this.own = Objects.requireNonNull(own, "own");
    this.target = Objects.requireNonNull(target, "target");
  }

  @Override
  public void accept(RuntimeEvent e) {
    newest.accumulateAndGet(e.time(), (seen, t) -> seen == null || t.isAfter(seen) ? t : seen);
    boolean drift = e.ended() || e.unhealthy();
    boolean created = e.action().equals(RuntimeEvent.CREATE);
    if (!drift && !created) {
      return;
    }
    exits.removed(e); // whoever's it was: a removed container is no longer managed
    Optional<ManagedNames.Match> match;
    try {
      match = names.find(e.name(), e.id());
    } catch (RuntimeException ex) {
      // The registry could not be read: the drift_interval backstop still finds it.
      LOG.warn("cannot tell whose container {} is: {}", e.name(), ex.getMessage());
      return;
    }
    if (match.isEmpty()) {
      return; // a foreign container under a name no service uses
    }
    exits.died(e); // the agent's own stops too: kept until the container's remove
    if (own.caused(e)) {
      ownIgnored.incrementAndGet();
      return;
    }
    ManagedNames.Match m = match.get();
    if (created && m.managedId().map(e.id()::equals).orElse(false)) {
      return;
    }
    if (e.action().equals(RuntimeEvent.STOP) || e.action().equals(RuntimeEvent.KILL)) {
      crashLoops.ifPresent(c -> c.stoppedFromOutside(m.service(), m.component(), e));
    }
    if (e.action().equals(RuntimeEvent.DIED)
        && crashLoops.map(c -> c.died(m.service(), m.component(), e)).orElse(false)) {
      return; // in a crash loop: started again on the agent's backoff, not healed now
    }
    LOG.info(
        "podman event: {}{}; reconciling {} now",
        e,
        created ? " (not created by the agent)" : "",
        m.service());
    triggered.incrementAndGet();
    triggeredByService.computeIfAbsent(m.service(), k -> new AtomicLong()).incrementAndGet();
    target.reconcile(m.service(), e);
  }

  /** How many events asked for a reconcile. */
  public long triggered() {
    return triggered.get();
  }

  /**
   * How many events asked for a reconcile of {@code service}. One kill can make several ({@code
   * kill}, then {@code died}): their reconciles are coalesced when they arrive before one starts.
   */
  public long triggered(String service) {
    AtomicLong n = triggeredByService.get(service);
    return n == null ? 0 : n.get();
  }

  /** How many events of managed containers were the agent's own doing and ignored. */
  public long ownIgnored() {
    return ownIgnored.get();
  }

  /** The time of the newest event seen, from which a restarted stream replays. */
  Optional<java.time.Instant> lastEvent() {
    return Optional.ofNullable(newest.get());
  }
}
