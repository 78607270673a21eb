package net.metacircular.mcp.agent.rollout;

import static net.metacircular.mcp.agent.rollout.Rollouts.hashes;
import static net.metacircular.mcp.agent.rollout.Rollouts.shortCommit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.RolloutSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * How a rollout ends, recorded in one place for the health gates and the soaks: passed (the spec is
 * the service's last healthy one), failed (report; with rollback, quarantine, so that the plan
 * rolls it back), and the rollback's own end (rolled back, or halted when it failed).
 */
final class Verdicts {
  /**
   * The start of a failure's reason when the health gate failed (a soak's reason has none): the
   * registry keeps one reason, and the messages say which stage failed.
   */
  static final String GATE = "health gate: ";

  private final RolloutStore store;
  private final Registry registry;
  private volatile boolean lastHealthyMoved;
  // Failed and quarantined, not rolled back yet: looked at in 2 s, not at the next drift check.
  private final Set<String> rollbackDue = ConcurrentHashMap.newKeySet();

  Verdicts(RolloutStore store, Registry registry) {
    this.store = store;
    this.registry = registry;
  }

  /** {@code failed its soak: …} or {@code failed its health gate: …}, from a stored reason. */
  static String failedIts(String why) {
    return why.startsWith(GATE)
        ? "failed its health gate: " + why.substring(GATE.length())
        : "failed its soak: " + why;
  }

  /** The services failed and quarantined whose rollback has not run yet. */
  Set<String> rollbackDue() {
    return Collections.unmodifiableSet(rollbackDue);
  }

  /** The rollback of {@code service} ran (or it is no longer declared). */
  void rollbackRan(String service) {
    rollbackDue.remove(service);
  }

  /** A new cycle: no last healthy spec has moved in it yet. */
  void newCycle() {
    lastHealthyMoved = false;
  }

  /**
   * Whether this cycle made a spec some service's last healthy one: the podman secrets of the one
   * before may go.
   */
  boolean lastHealthyMoved() {
    return lastHealthyMoved;
  }

  /** A rollout passed: its spec is the service's last healthy one, and its phase says passed. */
  void passed(LastHealthy h, Instant now) {
    store.putLastHealthy(h, now);
    lastHealthyMoved = true;
    store.putState(RolloutState.of(h.service(), Phase.PASSED, h.commit(), now));
  }

  /**
   * A soak or health gate failed ({@code why} starts with {@link #GATE} for a gate): report; with
   * rollback, quarantine the spec (the plan then rolls it back).
   */
  void failed(
      DesiredService d,
      String failedCommit,
      Map<String, String> failedHashes,
      String why,
      Instant now) {
    String name = d.spec().name();
    String reason = shortCommit(failedCommit) + " " + failedIts(why);
    registry.appendEvent(
        NewEvent.ofService(
                why.startsWith(GATE) ? EventKind.FAILED : EventKind.SOAK_FAILED,
                name,
                name + " " + reason)
            .withCommit(failedCommit));
    Optional<LastHealthy> good = store.lastHealthy(name);
    boolean rollback = d.spec().rollout().onFailure() == RolloutSpec.OnFailure.ROLLBACK;
    boolean somewhereToGo =
        good.isPresent() && !hashes(good.get().components()).equals(failedHashes);
    store.putState(
        new RolloutState(
            name,
            Phase.FAILED,
            failedCommit,
            now,
            Optional.empty(),
            Optional.of(
                rollback && !somewhereToGo
                    ? why
                        + "; no earlier healthy spec to roll back to: left as it is for inspection"
                    : why),
            Optional.of(failedCommit)));
    if (!rollback) {
      return; // on_failure = "stay": report only
    }
    store.putQuarantine(new Quarantine(name, failedCommit, failedHashes, why, !somewhereToGo, now));
    if (somewhereToGo) {
      rollbackDue.add(name);
    }
    if (!somewhereToGo) {
      String detail =
          reason + "; no earlier healthy spec to roll back to: left alone for inspection";
      setAll(d.spec(), Condition.of(ConditionKind.FAILED, detail).withCommit(failedCommit));
      registry.appendEvent(
          NewEvent.ofService(EventKind.QUARANTINED, name, "quarantined " + name + ": " + detail)
              .withCommit(failedCommit));
    }
  }

  /**
   * A rollback went through (rolled back, and the failed spec quarantined) or failed (the service
   * is halted: never a loop).
   */
  void rolledBack(DesiredService d, RolloutState state, Optional<Outcome> failed, Instant now) {
    String name = d.spec().name();
    String failedCommit = state.failedCommit().orElse(state.commit());
    String why = state.reason().orElse("its soak failed");
    if (failed.isPresent()) {
      String detail =
          "the rollback of "
              + name
              + " to "
              + shortCommit(d.commit())
              + " failed: "
              + failed.get().message()
              + "; left alone: fix forward with a new commit, or mcp deploy "
              + name
              + " --force";
      store.quarantines().values().stream()
          .filter(q -> q.service().equals(name))
          .findFirst()
          .ifPresent(q -> store.putQuarantine(q.halt()));
      store.putState(
          new RolloutState(
              name,
              Phase.FAILED,
              d.commit(),
              now,
              Optional.empty(),
              Optional.of(detail),
              Optional.of(failedCommit)));
      registry.appendEvent(
          NewEvent.ofService(EventKind.FAILED, name, detail).withCommit(d.commit()));
      return;
    }
    String message =
        "rolled back "
            + name
            + ": "
            + shortCommit(failedCommit)
            + " "
            + failedIts(why)
            + "; running "
            + shortCommit(d.commit());
    store.putState(
        new RolloutState(
            name,
            Phase.ROLLED_BACK,
            d.commit(),
            now,
            Optional.empty(),
            Optional.of(why),
            Optional.of(failedCommit)));
    registry.appendEvent(
        NewEvent.ofService(EventKind.ROLLED_BACK, name, message).withCommit(d.commit()));
    registry.appendEvent(
        NewEvent.ofService(
                EventKind.QUARANTINED,
                name,
                "quarantined "
                    + name
                    + " at "
                    + shortCommit(failedCommit)
                    + ": not applied again until a newer commit changes it, or mcp deploy "
                    + name
                    + " --force")
            .withCommit(failedCommit));
  }

  /** The components of a service rolled back say it is quarantined, and why. */
  void quarantinedConditions(DesiredService d) {
    Optional<Quarantine> q = Optional.ofNullable(store.quarantines().get(d.spec().name()));
    if (q.isEmpty() || q.get().halted()) {
      return;
    }
    Condition c =
        Condition.of(
                ConditionKind.QUARANTINED,
                "quarantined: "
                    + shortCommit(q.get().failedCommit())
                    + " "
                    + failedIts(q.get().reason())
                    + "; running "
                    + shortCommit(d.commit())
                    + " (mcp deploy "
                    + d.spec().name()
                    + " --force applies it again)")
            .withCommit(q.get().failedCommit());
    setAll(d.spec(), c);
  }

  private void setAll(ServiceSpec spec, Condition c) {
    for (ComponentSpec comp : spec.components()) {
      boolean same =
          registry
              .condition(spec.name(), comp.name())
              .map(cc -> cc.condition().sameAs(c))
              .orElse(false);
      if (!same) {
        registry.setCondition(spec.name(), comp.name(), c);
      }
    }
  }
}
