package net.metacircular.mcp.agent.rollout;

import static net.metacircular.mcp.agent.rollout.Rollouts.deploy;
import static net.metacircular.mcp.agent.rollout.Rollouts.hashes;
import static net.metacircular.mcp.agent.rollout.Rollouts.shortCommit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * The health gates in progress: begun by a deploy of components with a health check, looked at once
 * at once and then by the loop (abandoned for a newer commit that changes the service, failed, or
 * passed: then the deploy soaks), and taken up again after an agent restart.
 */
final class HealthGates {
  private final RolloutStore store;
  private final Registry registry;
  private final Clock clock;
  private final GateJudge judge;
  private final Duration healthTimeout;
  private final Soaks soaks;
  private final Verdicts verdicts;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();

  HealthGates(
      RolloutStore store,
      Registry registry,
      Clock clock,
      GateJudge judge,
      Duration healthTimeout,
      Soaks soaks,
      Verdicts verdicts) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.judge = judge;
    this.healthTimeout = healthTimeout;
    this.soaks = soaks;
    this.verdicts = verdicts;
  }

  /** The services in their health gate now. */
  Set<String> services() {
    return gates.keySet();
  }

  /** Whether {@code service} is in its health gate. */
  boolean inProgress(String service) {
    return gates.containsKey(service);
  }

  /** The containers whose gate has not passed yet: what depends on them waits. */
  Set<String> pending() {
    Set<String> pending = new HashSet<>();
    gates.values().forEach(g -> pending.addAll(g.waiting()));
    return pending;
  }

  /**
   * A deploy went through: its components with a health check begin their gate (looked at once now,
   * then by the loop); without one, or once it passed, the deploy soaks.
   */
  void begin(
      DesiredService d,
      List<Outcome> outcomes,
      Map<String, ObservedContainer> byName,
      Instant now) {
    String name = d.spec().name();
    Set<String> waiting = new HashSet<>();
    for (Outcome o : outcomes) {
      if (deploy(o.action()) && !o.failed() && hasHealthCheck(d.spec(), o.action().component())) {
        waiting.add(o.action().containerName());
      }
    }
    boolean deferred = outcomes.stream().anyMatch(Executor::waitsForGate);
    if (waiting.isEmpty() && !deferred) {
      soaks.begin(d, byName, now);
      return;
    }
    Gate gate =
        new Gate(
            name,
            d.commit(),
            hashes(d.spec()),
            now,
            now.plus(healthTimeout),
            waiting,
            deferred,
            Map.of()); // no look has failed yet
    gates.put(name, gate);
    store.putState(
        new RolloutState(
            name,
            Phase.DEPLOYING,
            d.commit(),
            now,
            Optional.of(gate.until()),
            Optional.empty(),
            Optional.empty()));
    look(d, byName);
  }

  private static boolean hasHealthCheck(ServiceSpec spec, String component) {
    return spec.components().stream()
        .anyMatch(c -> c.name().equals(component) && c.health().isPresent());
  }

  /**
   * One look at a service's health gate: abandoned for a newer commit that changes the service,
   * failed (then as a failed soak: rollback and quarantine, or report), passed (then it soaks; or,
   * when components wait for it, the plan deploys them next), or still in progress.
   */
  void look(DesiredService d, Map<String, ObservedContainer> byName) {
    String name = d.spec().name();
    Gate gate = gates.get(name);
    if (gate == null) {
      return;
    }
    Instant now = clock.instant();
    if (!gate.hashes().equals(hashes(d.spec()))) {
      gates.remove(name);
      registry.appendEvent(
          NewEvent.ofService(
                  EventKind.ABANDONED,
                  name,
                  "abandoned the health gate of "
                      + name
                      + " at "
                      + shortCommit(gate.commit())
                      + ": commit "
                      + shortCommit(d.commit())
                      + " changes it; deploying that now")
              .withCommit(d.commit()));
      return;
    }
    Optional<String> failure = judge.failure(gate, byName, now);
    if (failure.isPresent()) {
      gates.remove(name);
      verdicts.failed(d, gate.commit(), gate.hashes(), Verdicts.GATE + failure.get(), now);
    } else if (gate.waiting().isEmpty()) {
      gates.remove(name);
      if (!gate.deferred()) {
        soaks.begin(d, byName, now);
      } // else the plan deploys what waited for it, and that deploy gates or soaks
    }
  }

  /**
   * After an agent restart, a gate the registry says is in progress is taken up again with all its
   * components that have a health check and exist (the others wait for it, as they did).
   */
  void resume(DesiredService d, RolloutState state, Map<String, ObservedContainer> byName) {
    String name = d.spec().name();
    if (state != null
        && state.phase() == Phase.DEPLOYING
        && state.commit().equals(d.commit())
        && state.until().isPresent()
        && !gates.containsKey(name)) {
      Set<String> waiting = new HashSet<>();
      boolean deferred = false; // a component not created yet waited for the gate
      for (ComponentSpec c : d.spec().components()) {
        String container = ServiceSpec.containerName(name, c.name());
        if (!byName.containsKey(container)) {
          deferred = true;
        } else if (c.health().isPresent()) {
          waiting.add(container);
        }
      }
      gates.put(
          name,
          new Gate(
              name,
              d.commit(),
              hashes(d.spec()),
              state.since(),
              state.until().get(),
              waiting,
              deferred,
              Map.of())); // podman's failures before the restart are not known
    }
  }

  /** Forgets the gate of a service no longer declared. */
  void forget(String service) {
    gates.remove(service);
  }
}
