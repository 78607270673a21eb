package net.metacircular.mcp.agent.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.events.LastExits;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.plan.Planner;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.registry.ServiceUpsert;
import net.metacircular.mcp.agent.rollout.Rollouts;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.secrets.PodmanSecrets;
import net.metacircular.mcp.agent.source.SourceSnapshot;
import net.metacircular.mcp.agent.suspend.Suspensions;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * One reconcile, as a few ordered steps: resolve desired state from the snapshot (rejecting bad
 * files alone), record it, observe podman once, plan, apply, record the result. Not thread-safe:
 * the {@link ReconcileLoop} runs one at a time.
 */
public final class Reconciler {
  private final DesiredStateResolver resolver;
  private final Planner planner;
  private final Executor executor;
  private final ContainerRuntime podman;
  private final PodmanGuard guard;
  private final Registry registry;
  private final PlanOptions options;
  private final Clock clock;
  private final Observer observer;
  private final AppliedStateReader applied = new AppliedStateReader();
  private final Map<String, String> unknownRejections = new HashMap<>();
  private volatile Resolution last;
  private final PodmanSecrets secrets;
  private final Suspensions suspensions;
  private final Rollouts rollouts;

  /**
   * @param secrets creates the podman secrets of a cycle's specs before the executor, prunes unused
   *     ones after (but a last healthy spec's)
   * @param soak the agent's {@code [reconcile] soak}, for services whose file sets none
   * @param exits the exit codes podman's died events told (the agent's event router keeps them): a
   *     soak failed by a restart quotes the exit code that podman's restart set back to 0
   */
  public Reconciler(
      DesiredStateResolver resolver,
      Planner planner,
      Executor executor,
      ContainerRuntime podman,
      PodmanGuard guard,
      Registry registry,
      PlanOptions options,
      Clock clock,
      PodmanSecrets secrets,
      Duration soak,
      LastExits exits) {
    this.rollouts = new Rollouts(registry, podman, guard, clock, soak, exits, executor.health());
    this.secrets = secrets;
    this.resolver = resolver;
    this.planner = planner;
    this.executor = executor;
    this.podman = podman;
    this.guard = guard;
    this.registry = registry;
    this.options = options;
    this.clock = clock;
    this.observer = new Observer(podman, guard, registry);
    this.suspensions = new Suspensions(registry, clock);
  }

  public CycleResult reconcile(SourceSnapshot snapshot, Set<DeployRequest> deploys)
      throws InterruptedException {
    return reconcile(snapshot, deploys, Optional.empty());
  }

  /**
   * One cycle; with a {@code scope}, only the actions of those services are applied and recorded
   * (an event of one service's container must not apply another's pending change halfway): the
   * others wait for the next full cycle.
   */
  public CycleResult reconcile(
      SourceSnapshot snapshot, Set<DeployRequest> deploys, Optional<Set<String>> scope)
      throws InterruptedException {
    Instant started = clock.instant();
    // The registry is read in whole a few times a cycle, never once per service: per-service
    // queries and writes were most of a no-op cycle's CPU (see docs/benchmarks.md).
    Map<String, ServiceRecord> known = servicesByName();
    Resolution resolution = resolver.resolve(snapshot, lastGood(known));
    last = resolution;
    boolean servicesWritten = recordDesired(resolution, known);
    List<ComponentRecord> components = registry.allComponents();
    List<ObservedContainer> observed = guard.call(podman::ps);
    // Health gates and soaks are judged before the plan: a container that died during its gate or
    // soak is rolled back, not healed; a newer commit abandons them. A quarantined service
    // converges to its last healthy spec.
    Rollouts.Prepared prepared = rollouts.before(resolution.desired(), observed, scope, deploys);
    Resolution applying = resolution.withDesired(prepared.desired());
    PlanOptions planOptions =
        withHalted(
            Suspensions.apply(options.withDeploys(deploys), suspensions.expire()),
            prepared.halted());
    List<Action> actions =
        planner.plan(
            applying.desired(),
            applied.read(components, registry.conditions()),
            observed,
            planOptions);
    if (scope.isPresent()) {
      actions = actions.stream().filter(a -> scope.get().contains(a.service())).toList();
    }
    actions = rollouts.filter(actions, prepared);
    secrets.ensure(actions);
    List<Outcome> outcomes = executor.apply(actions, deploys, rollouts.gating(prepared));
    // What the cycle read is read again only when something was written since: a no-op cycle
    // (components waiting for their retries included) reads the services and the components
    // once, and asks podman one ps.
    boolean acted = outcomes.stream().anyMatch(Outcome::tried);
    if (acted) {
      components = registry.allComponents(); // the executor adds and removes components
    }
    recordApplied(
        applying,
        outcomes,
        servicesWritten || acted ? servicesByName() : known,
        components,
        scope,
        planOptions);
    List<ObservedContainer> after = acted ? guard.call(podman::ps) : observed;
    rollouts.after(prepared, outcomes, after);
    // After the rollout step, which may have made a spec the last healthy one: the podman secrets
    // of the last healthy specs are kept for a rollback, the ones before them go.
    secrets.prune(
        applying.desired().services().values(),
        components,
        rollouts::lastHealthySpecs,
        acted || rollouts.lastHealthyMoved());
    observer.observe(applying.desired(), after, components);
    return new CycleResult(resolution.revision(), started, outcomes, resolution.rejections());
  }

  /**
   * The services soaking or in their health gate now: the loop looks at them every 2 s, not at the
   * drift interval.
   */
  public Set<String> watched() {
    return rollouts.watched();
  }

  /** {@code options} also leaving alone the services a failed rollout halted. */
  private static PlanOptions withHalted(PlanOptions options, Set<String> halted) {
    if (halted.isEmpty()) {
      return options;
    }
    Set<String> still = new HashSet<>(options.suspended());
    still.addAll(halted);
    return options.withSuspended(still, options.nodeSuspended());
  }

  /** The desired state the last cycle resolved, for status; empty before the first cycle. */
  public Optional<Resolution> lastResolution() {
    return Optional.ofNullable(last);
  }

  private Map<String, ServiceRecord> servicesByName() {
    Map<String, ServiceRecord> out = new LinkedHashMap<>();
    for (ServiceRecord s : registry.services()) {
      out.put(s.name(), s);
    }
    return out;
  }

  private static Map<String, LastGood> lastGood(Map<String, ServiceRecord> known) {
    Map<String, LastGood> out = new HashMap<>();
    known.forEach((name, s) -> out.put(name, new LastGood(s.specToml(), s.specCommit())));
    return out;
  }

  /**
   * Valid files become the services' last good specs (written only when something differs);
   * rejections are news only when new. {@code known} is the registry's services at the cycle's
   * start. Whether a service's record was written.
   */
  private boolean recordDesired(Resolution resolution, Map<String, ServiceRecord> known) {
    boolean[] written = {false};
    resolution
        .validFiles()
        .forEach(
            (name, text) -> {
              DesiredService d = resolution.desired().services().get(name);
              ServiceSpec s = d.spec();
              ServiceUpsert upsert =
                  new ServiceUpsert(s.name(), s.node(), s.active(), s.deploy(), text, d.commit());
              ServiceRecord before = known.get(name);
              if (before == null || !holds(before, upsert)) {
                registry.upsertService(upsert);
                written[0] = true;
              }
              if (before != null && before.lastError().isPresent()) {
                registry.clearServiceError(name);
              }
            });
    // A service never valid has no registry row to hold its error: remember it here, so that an
    // unchanged bad file is reported once, not every cycle.
    unknownRejections
        .keySet()
        .retainAll(resolution.rejections().stream().map(Rejection::service).toList());
    for (Rejection r : resolution.rejections()) {
      ServiceRecord before = known.get(r.service());
      String previous =
          before != null
              ? before.lastError().orElse("")
              : unknownRejections.getOrDefault(r.service(), "");
      if (before == null) {
        unknownRejections.put(r.service(), r.message());
      }
      if (!previous.equals(r.message())) {
        registry.appendEvent(
            NewEvent.ofService(
                    EventKind.REJECTED, r.service(), "rejected " + r.file() + ": " + r.message())
                .withCommit(resolution.revision()));
        if (before != null) {
          registry.setServiceError(r.service(), r.message());
        }
      }
    }
    return written[0];
  }

  /**
   * {@code known} and {@code components}: the registry's services and components as they are now,
   * after the executor ran.
   */
  private void recordApplied(
      Resolution resolution,
      List<Outcome> outcomes,
      Map<String, ServiceRecord> known,
      List<ComponentRecord> components,
      Optional<Set<String>> scope,
      PlanOptions planOptions) {
    Set<String> unsettled = new HashSet<>();
    for (Outcome o : outcomes) {
      if (o.failed() || o.action() instanceof Action.Report) {
        unsettled.add(o.action().service());
      }
    }
    // A suspended service's new commit is not applied: it stays unsettled until resumed.
    resolution.desired().services().keySet().stream()
        .filter(planOptions::suspended)
        .forEach(unsettled::add);
    Set<String> withComponents = new HashSet<>();
    components.forEach(c -> withComponents.add(c.service()));
    for (DesiredService d : resolution.desired().services().values()) {
      String name = d.spec().name();
      if (scope.isPresent() && !scope.get().contains(name)) {
        continue;
      }
      ServiceRecord record = known.get(name);
      boolean current =
          record != null && record.appliedCommit().map(d.commit()::equals).orElse(false);
      if (!unsettled.contains(name) && !current && record != null) {
        registry.recordServiceApplied(name, d.commit());
      }
    }
    if (scope.isPresent()) {
      return; // removing services and recording the revision are a full cycle's business
    }
    for (ServiceRecord s : known.values()) {
      boolean gone =
          !resolution.desired().services().containsKey(s.name())
              && !resolution.desired().held().contains(s.name())
              && !withComponents.contains(s.name())
              && !planOptions.suspended(s.name());
      if (gone) {
        registry.removeService(s.name());
        rollouts.forget(s.name());
      }
    }
    if (!registry.sourceState().appliedCommit().map(resolution.revision()::equals).orElse(false)) {
      registry.recordSourceApplied(resolution.revision());
    }
  }

  /** Whether the registry's record already says what {@code upsert} would write. */
  private static boolean holds(ServiceRecord r, ServiceUpsert u) {
    return r.node().equals(u.node())
        && r.active() == u.active()
        && r.deployMode() == u.deployMode()
        && r.specToml().equals(u.specToml())
        && r.specCommit().equals(u.specCommit());
  }
}
