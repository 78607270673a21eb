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
import java.util.concurrent.ConcurrentHashMap;
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
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.RolloutSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * The reconciler's rollout step, in two halves around the plan. {@link #before}: judge the health
 * gates and soaks in progress (pass, fail, or abandon for a newer commit), then put each
 * quarantined service's last healthy spec in place of the failed one, so that the planner rolls it
 * back and keeps it there. {@link #after}: a deploy that went through starts its health gate (when
 * a component has a health check) or its soak; a rollback that went through is recorded, one that
 * failed halts the service (never a loop). A failed gate is handled as a failed soak is.
 */
public final class Rollouts {
  private final RolloutStore store;
  private final Registry registry;
  private final Clock clock;
  private final Duration defaultSoak;
  private final SoakJudge judge;
  private final GateJudge gateJudge;
  private final Duration healthTimeout;
  private final Map<String, Soak> soaks = new ConcurrentHashMap<>();
  private volatile boolean lastHealthyMoved;
  private final Map<String, Gate> gates = new ConcurrentHashMap<>();
  // Failed and quarantined, not rolled back yet: looked at in 2 s, not at the next drift check.
  private final Set<String> rollbackDue = ConcurrentHashMap.newKeySet();

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
    this.registry = registry;
    this.clock = clock;
    this.defaultSoak = defaultSoak;
    this.judge = new SoakJudge(podman, guard, exits);
    this.gateJudge = new GateJudge(health, guard, judge);
    this.healthTimeout = health.deadline();
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
    Set<String> out = new HashSet<>(soaks.keySet());
    out.addAll(gates.keySet());
    out.addAll(rollbackDue);
    return Set.copyOf(out);
  }

  /**
   * What the executor is to wait for in place (a rollback's gate) and what waits for a gate in
   * progress (the components that depend on its containers).
   */
  public Gating gating(Prepared prepared) {
    Set<String> pending = new HashSet<>();
    gates.values().forEach(g -> pending.addAll(g.waiting()));
    return Gating.byLoop(prepared.rollingBack(), pending);
  }

  public Prepared before(
      DesiredState desired,
      List<ObservedContainer> observed,
      Optional<Set<String>> scope,
      Set<DeployRequest> deploys) {
    lastHealthyMoved = false;
    Map<String, ObservedContainer> byName = new HashMap<>();
    observed.forEach(o -> byName.put(o.name(), o));
    Map<String, RolloutState> states = store.states();
    for (DesiredService d : desired.services().values()) {
      String name = d.spec().name();
      if (scope.isEmpty() || scope.get().contains(name)) {
        resume(d, states.get(name), byName);
        lookAtGate(d, byName);
        watch(d, byName);
      }
    }
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
    return new Prepared(new DesiredState(services, desired.held()), halted, rollingBack);
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
      if (d != null && !gates.containsKey(service)) { // a gate's dependents: the same deploy
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
        rollbackDue.remove(e.getKey());
        RolloutState state = states.get(e.getKey());
        if (state != null && state.phase() == Phase.FAILED) {
          rolledBack(d, state, failed, now);
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
        gateOrBegin(d, e.getValue(), byName, now);
      }
    }
    for (String service : prepared.rollingBack()) {
      quarantinedConditions(prepared.desired().services().get(service));
    }
  }

  /**
   * A deploy went through: its components with a health check begin their gate (looked at once now,
   * then by the loop); without one, or once it passed, the deploy soaks.
   */
  private void gateOrBegin(
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
      begin(d, byName, now);
      return;
    }
    Gate gate =
        new Gate(
            name, d.commit(), hashes(d.spec()), now, now.plus(healthTimeout), waiting, deferred);
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
    lookAtGate(d, byName);
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
  private void lookAtGate(DesiredService d, Map<String, ObservedContainer> byName) {
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
    Optional<String> failure = gateJudge.failure(gate, byName);
    if (failure.isPresent()) {
      gates.remove(name);
      failed(d, gate.commit(), gate.hashes(), GATE + failure.get(), now);
    } else if (gate.waiting().isEmpty()) {
      gates.remove(name);
      if (!gate.deferred()) {
        begin(d, byName, now);
      } // else the plan deploys what waited for it, and that deploy gates or soaks
    }
  }

  /**
   * The start of a failure's reason when the health gate failed (a soak's reason has none): the
   * registry keeps one reason, and the messages say which stage failed.
   */
  static final String GATE = "health gate: ";

  /** {@code failed its soak: …} or {@code failed its health gate: …}, from a stored reason. */
  public static String failedIts(String why) {
    return why.startsWith(GATE)
        ? "failed its health gate: " + why.substring(GATE.length())
        : "failed its soak: " + why;
  }

  /** A deploy went through its health gate: soak it, or with no soak it is healthy now. */
  private void begin(DesiredService d, Map<String, ObservedContainer> byName, Instant now) {
    String name = d.spec().name();
    Duration soak = d.spec().rollout().soak(defaultSoak);
    if (soak.isZero()) {
      end(name);
      putLastHealthy(new LastHealthy(name, d.commit(), d.spec().components()), now);
      store.putState(RolloutState.of(name, Phase.PASSED, d.commit(), now));
      return;
    }
    Soak s = soak(d, judge.baseline(d.spec(), byName), now, now.plus(soak));
    soaks.put(name, s);
    store.putBaseline(name, s.baseline());
    store.putState(
        new RolloutState(
            name,
            Phase.SOAKING,
            d.commit(),
            now,
            Optional.of(now.plus(soak)),
            Optional.empty(),
            Optional.empty()));
  }

  private static Soak soak(
      DesiredService d, Map<String, Soak.Baseline> baseline, Instant since, Instant until) {
    return new Soak(
        d.spec().name(), d.commit(), hashes(d.spec()), since, until, baseline, Map.of(), Map.of());
  }

  /**
   * After an agent restart, a gate or soak the registry says is in progress is taken up again (a
   * gate with all its components that have a health check): a soak with its time left and its
   * baseline as it began (a soak begun before V008 kept none: its containers now).
   */
  private void resume(DesiredService d, RolloutState state, Map<String, ObservedContainer> byName) {
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
              deferred));
    }
    if (state != null
        && state.phase() == Phase.SOAKING
        && !soaks.containsKey(name)
        && state.until().isPresent()) {
      Map<String, Soak.Baseline> kept = store.baseline(name);
      Map<String, Soak.Baseline> baseline =
          kept.isEmpty() ? judge.baseline(d.spec(), byName) : kept;
      soaks.put(name, soak(d, baseline, state.since(), state.until().get()));
    }
  }

  /** One look at a soaking service: abandoned, failed, passed, or still soaking. */
  private void watch(DesiredService d, Map<String, ObservedContainer> byName) {
    String name = d.spec().name();
    Soak soak = soaks.get(name);
    if (soak == null) {
      return;
    }
    Instant now = clock.instant();
    if (!soak.hashes().equals(hashes(d.spec()))) {
      end(name);
      registry.appendEvent(
          NewEvent.ofService(
                  EventKind.ABANDONED,
                  name,
                  "abandoned the soak of "
                      + name
                      + " at "
                      + shortCommit(soak.commit())
                      + ": commit "
                      + shortCommit(d.commit())
                      + " changes it")
              .withCommit(d.commit()));
      return;
    }
    Optional<String> failure = judge.failure(soak, d.spec(), byName, now);
    if (failure.isPresent()) {
      end(name);
      failed(d, soak.commit(), soak.hashes(), failure.get(), now);
    } else if (!now.isBefore(soak.until())) {
      end(name);
      putLastHealthy(new LastHealthy(name, soak.commit(), d.spec().components()), now);
      store.putState(RolloutState.of(name, Phase.PASSED, soak.commit(), now));
      registry.appendEvent(
          NewEvent.ofService(
                  EventKind.SOAK_PASSED,
                  name,
                  name
                      + " passed its soak of "
                      + Durations.seconds(Duration.between(soak.since(), soak.until()))
                      + " at "
                      + shortCommit(soak.commit())
                      + ": it is the last healthy spec now")
              .withCommit(soak.commit()));
    }
  }

  /** The soak of {@code name} is over (passed, failed, abandoned or not needed). */
  private void end(String name) {
    if (soaks.remove(name) != null) {
      store.removeBaseline(name);
    }
  }

  /**
   * A soak or health gate failed ({@code why} starts with {@link #GATE} for a gate): report; with
   * rollback, quarantine the spec (the plan then rolls it back).
   */
  private void failed(
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

  private void rolledBack(
      DesiredService d, RolloutState state, Optional<Outcome> failed, Instant now) {
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
  private void quarantinedConditions(DesiredService d) {
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
    putLastHealthy(new LastHealthy(q.service(), d.commit(), good.get().components()), now);
    store.putState(RolloutState.of(q.service(), Phase.PASSED, d.commit(), now));
    return true;
  }

  private void putLastHealthy(LastHealthy h, Instant at) {
    store.putLastHealthy(h, at);
    lastHealthyMoved = true;
  }

  /**
   * Whether this cycle made a spec some service's last healthy one: the podman secrets of the one
   * before may go.
   */
  public boolean lastHealthyMoved() {
    return lastHealthyMoved;
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
    soaks.remove(service);
    gates.remove(service);
    rollbackDue.remove(service);
    store.forget(service);
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

  /** Soak lengths for messages. */
  private static final class Durations {
    static String seconds(Duration d) {
      return net.metacircular.mcp.schema.Durations.format(d);
    }
  }
}
