package net.metacircular.mcp.agent.rollout;

import static net.metacircular.mcp.agent.rollout.Rollouts.hashes;
import static net.metacircular.mcp.agent.rollout.Rollouts.shortCommit;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.plan.DesiredState;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;

/**
 * The quarantines in force, before the plan: each quarantined service's last healthy spec stands in
 * for the failed one (so that the planner rolls it back and keeps it there), or the service is
 * halted; a quarantine is lifted by a newer commit that changes the service or a forced deploy.
 */
final class Quarantines {
  private final RolloutStore store;
  private final Registry registry;
  private final Clock clock;
  private final Verdicts verdicts;

  Quarantines(RolloutStore store, Registry registry, Clock clock, Verdicts verdicts) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.verdicts = verdicts;
  }

  /** What the planner is to converge to: {@code desired} with the quarantines' stand-ins. */
  Rollouts.Prepared standIn(DesiredState desired, Set<DeployRequest> deploys) {
    Map<String, DesiredService> services = new TreeMap<>(desired.services());
    Set<String> halted = new HashSet<>();
    Set<String> rollingBack = new HashSet<>();
    for (Quarantine q : store.quarantines().values()) {
      DesiredService d = services.get(q.service());
      if (d == null) {
        continue;
      }
      if (lifted(q, d, deploys)) {
        continue;
      }
      Optional<LastHealthy> good = q.halted() ? Optional.empty() : store.lastHealthy(q.service());
      if (good.isEmpty()) {
        halted.add(q.service());
      } else {
        services.put(
            q.service(),
            new DesiredService(
                d.spec().withComponents(good.get().components()), good.get().commit()));
        rollingBack.add(q.service());
      }
    }
    return new Rollouts.Prepared(new DesiredState(services, desired.held()), halted, rollingBack);
  }

  /**
   * Whether a quarantine no longer holds: a newer commit changed a component (then the new spec is
   * deployed), or an operator forced a deploy of the service.
   */
  private boolean lifted(Quarantine q, DesiredService d, Set<DeployRequest> deploys) {
    String name = q.service();
    boolean forced = deploys.stream().anyMatch(r -> r.force() && r.service().equals(name));
    String why;
    if (forced) {
      why =
          "lifted the quarantine of "
              + name
              + " at "
              + shortCommit(q.failedCommit())
              + ": forced deploy";
    } else if (!q.hashes().equals(hashes(d.spec()))) {
      why =
          "lifted the quarantine of "
              + name
              + " at "
              + shortCommit(q.failedCommit())
              + ": commit "
              + shortCommit(d.commit())
              + " changes it";
    } else {
      return false;
    }
    store.removeQuarantine(name);
    if (!forced && backToLastHealthy(q, d)) {
      why += " back to the last healthy spec, which runs: rollout passed";
    }
    registry.appendEvent(
        NewEvent.ofService(EventKind.QUARANTINED, name, why).withCommit(d.commit()));
    return true;
  }

  /**
   * A commit that puts back the spec the rollback runs (a revert of the failed change, as {@code
   * mcp rollback} makes) has nothing to deploy: it is healthy as it stands, so its rollout has
   * passed (else the service would show rolled back until its next change).
   */
  private boolean backToLastHealthy(Quarantine q, DesiredService d) {
    Optional<LastHealthy> good = store.lastHealthy(q.service());
    if (q.halted() || good.isEmpty() || !hashes(good.get().components()).equals(hashes(d.spec()))) {
      return false;
    }
    Instant now = clock.instant();
    verdicts.passed(new LastHealthy(q.service(), d.commit(), good.get().components()), now);
    return true;
  }
}
