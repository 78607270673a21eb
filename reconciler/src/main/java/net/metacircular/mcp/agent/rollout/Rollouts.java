package net.metacircular.mcp.agent.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.Gating;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.events.LastExits;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.plan.DesiredState;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * The reconciler's rollout step, in two halves around the plan. {@link #before}: judge the health
 * gates and soaks in progress (pass, fail, or abandon for a newer commit), then put each
 * quarantined service's last healthy spec in place of the failed one, so that the planner rolls it
 * back and keeps it there. {@link #after}: a deploy that went through starts its health gate (when
 * a component has a health check) or its soak; a rollback that went through is recorded, one that
 * failed halts the service (never a loop). A failed gate is handled as a failed soak is.
 *
 * <p>The facade the reconciler, the loop and the API call; the parts are {@link HealthGates} and
 * {@link Soaks} (the gates and soaks in progress), {@link Quarantines} (the stand-ins and their
 * lifting) and {@link Verdicts} (how a rollout ends: passed, failed, rolled back).
 */
public final class Rollouts {
  private final RolloutStore store;
  private final Clock clock;
  private final Verdicts verdicts;
  private final Soaks soaks;
  private final HealthGates gates;
  private final Quarantines quarantines;

  /**
   * @param health runs the health gates' checks; its deadline is {@code health_timeout}
   */
  public Rollouts(
      Registry registry,
      ContainerRuntime podman,
      PodmanGuard guard,
      Clock clock,
      Duration defaultSoak,
      LastExits exits,
      HealthWaiter health) {
    this.store = new RolloutStore(registry);
    this.clock = clock;
    this.verdicts = new Verdicts(store, registry);
    SoakJudge judge = new SoakJudge(podman, guard, exits);
    this.soaks = new Soaks(store, registry, clock, defaultSoak, judge, verdicts);
    this.gates =
        new HealthGates(
            store,
            registry,
            clock,
            new GateJudge(health, guard, judge),
            health.deadline(),
            soaks,
            verdicts);
    this.quarantines = new Quarantines(store, registry, clock, verdicts);
  }

  /**
   * What the planner is to converge to this cycle.
   *
   * @param desired with quarantined services' last healthy specs in place of the failed ones
   * @param halted services left alone: nothing to roll back to, or their rollback failed
   * @param rollingBack services whose last healthy spec stands in for a failed one
   */
  public record Prepared(DesiredState desired, Set<String> halted, Set<String> rollingBack) {}

  /** The services soaking or in their health gate now: the loop looks at them every 2 s. */
  public Set<String> watched() {
    Set<String> out = new HashSet<>(soaks.services());
    out.addAll(gates.services());
    out.addAll(verdicts.rollbackDue());
    return Set.copyOf(out);
  }

  /**
   * What the executor is to wait for in place (a rollback's gate) and what waits for a gate in
   * progress (the components that depend on its containers).
   */
  public Gating gating(Prepared prepared) {
    return Gating.byLoop(prepared.rollingBack(), gates.pending());
  }

  public Prepared before(
      DesiredState desired,
      List<ObservedContainer> observed,
      Optional<Set<String>> scope,
      Set<DeployRequest> deploys) {
    verdicts.newCycle();
    Map<String, ObservedContainer> byName = new HashMap<>();
    observed.forEach(o -> byName.put(o.name(), o));
    Map<String, RolloutState> states = store.states();
    for (DesiredService d : desired.services().values()) {
      String name = d.spec().name();
      if (scope.isEmpty() || scope.get().contains(name)) {
        gates.resume(d, states.get(name), byName);
        soaks.resume(d, states.get(name), byName);
        gates.look(d, byName);
        soaks.watch(d, byName);
      }
    }
    return quarantines.standIn(desired, deploys);
  }

  /**
   * The plan without what would undo a quarantine's condition (the planner clears a condition that
   * is not ok when the component runs as it should); a deploy in it is recorded as deploying.
   */
  public List<Action> filter(List<Action> actions, Prepared prepared) {
    Instant now = clock.instant();
    Set<String> deploying = new HashSet<>();
    for (Action a : actions) {
      if (deploy(a) && !prepared.rollingBack().contains(a.service())) {
        deploying.add(a.service());
      }
    }
    for (String service : deploying) {
      DesiredService d = prepared.desired().services().get(service);
      if (d != null && !gates.inProgress(service)) { // a gate's dependents: the same deploy
        store.putState(RolloutState.of(service, Phase.DEPLOYING, d.commit(), now));
      }
    }
    return actions.stream()
        .filter(
            a ->
                !(a instanceof Action.Resolve r
                    && prepared.rollingBack().contains(r.service())
                    && r.condition().is(ConditionKind.OK)))
        .toList();
  }

  /** Records what the executor did: soaks begin, rollbacks end. */
  public void after(
      Prepared prepared, List<Outcome> outcomes, List<ObservedContainer> observedAfter) {
    Map<String, List<Outcome>> byService = new HashMap<>();
    outcomes.forEach(
        o ->
            byService
                .computeIfAbsent(o.action().service(), s -> new java.util.ArrayList<>())
                .add(o));
    Map<String, ObservedContainer> byName = new HashMap<>();
    observedAfter.forEach(o -> byName.put(o.name(), o));
    Instant now = clock.instant();
    Map<String, RolloutState> states = store.states();
    for (var e : byService.entrySet()) {
      DesiredService d = prepared.desired().services().get(e.getKey());
      if (d == null || prepared.halted().contains(e.getKey())) {
        continue;
      }
      Optional<Outcome> failed =
          e.getValue().stream()
              .filter(o -> o.result() == Outcome.Result.FAILED)
              .findFirst()
              .or(() -> e.getValue().stream().filter(Outcome::failed).findFirst());
      boolean deployed = e.getValue().stream().anyMatch(o -> deploy(o.action()) && !o.failed());
      if (prepared.rollingBack().contains(e.getKey())) {
        verdicts.rollbackRan(e.getKey());
        RolloutState state = states.get(e.getKey());
        if (state != null && state.phase() == Phase.FAILED) {
          verdicts.rolledBack(d, state, failed, now);
        }
      } else if (failed.isPresent()
          && failed.get().result() == Outcome.Result.FAILED // not a retry's wait: said once
          && deploy(failed.get().action())) {
        store.putState(
            new RolloutState(
                d.spec().name(),
                Phase.FAILED,
                d.commit(),
                now,
                Optional.empty(),
                Optional.of(failed.get().message()),
                Optional.empty()));
      } else if (deployed) {
        gates.begin(d, e.getValue(), byName, now);
      }
    }
    for (String service : prepared.rollingBack()) {
      verdicts.quarantinedConditions(prepared.desired().services().get(service));
    }
  }

  /**
   * Whether this cycle made a spec some service's last healthy one: the podman secrets of the one
   * before may go.
   */
  public boolean lastHealthyMoved() {
    return verdicts.lastHealthyMoved();
  }

  /**
   * Each service's last healthy components: their podman secrets are kept (a rollback runs them
   * with the values they had).
   */
  public Map<String, List<ComponentSpec>> lastHealthySpecs() {
    return store.lastHealthySpecs();
  }

  /** Forgets a service no longer declared: its soak, quarantine and last healthy spec. */
  public void forget(String service) {
    soaks.forget(service);
    gates.forget(service);
    verdicts.rollbackRan(service);
    store.forget(service);
  }

  /** {@code failed its soak: …} or {@code failed its health gate: …}, from a stored reason. */
  public static String failedIts(String why) {
    return Verdicts.failedIts(why);
  }

  /** The quarantine of {@code service}, if any: what a plain deploy of it is refused for. */
  public static Optional<Quarantine> quarantine(Registry registry, String service) {
    return Optional.ofNullable(new RolloutStore(registry).quarantines().get(service));
  }

  /** Every service's rollout state, for status. */
  public static Map<String, RolloutState> states(Registry registry) {
    return new RolloutStore(registry).states();
  }

  static boolean deploy(Action a) {
    return Executor.deploys(a);
  }

  static Map<String, String> hashes(ServiceSpec spec) {
    return hashes(spec.components());
  }

  static Map<String, String> hashes(List<ComponentSpec> components) {
    Map<String, String> out = new TreeMap<>();
    components.forEach(c -> out.put(c.name(), SpecHash.of(c)));
    return out;
  }

  static String shortCommit(String commit) {
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }
}
