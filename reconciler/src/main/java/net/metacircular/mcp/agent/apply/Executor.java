package net.metacircular.mcp.agent.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import net.metacircular.mcp.agent.apply.Outcome.Result;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.Action.Adopt;
import net.metacircular.mcp.agent.plan.Action.Create;
import net.metacircular.mcp.agent.plan.Action.Prune;
import net.metacircular.mcp.agent.plan.Action.Recreate;
import net.metacircular.mcp.agent.plan.Action.Report;
import net.metacircular.mcp.agent.plan.Action.Resolve;
import net.metacircular.mcp.agent.plan.Action.Start;
import net.metacircular.mcp.agent.plan.Action.Stop;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.registry.ComponentApplied;
import net.metacircular.mcp.agent.registry.ComponentSpecJson;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * Applies a plan through podman, one action at a time, and records an event for each. A failed
 * action is isolated: it is recorded with podman's message, the components that depend on it are
 * skipped, and every other action still runs.
 */
public final class Executor {
  private final ContainerRuntime podman;
  private final PodmanGuard guard;
  private final HealthWaiter health;
  private final Registry registry;
  private final String node;
  private final int parallelism;
  private final VolumeDirectories volumes;
  private final FailurePolicy failures;

  public Executor(
      ContainerRuntime podman,
      PodmanGuard guard,
      HealthWaiter health,
      Registry registry,
      String node) {
    this(podman, guard, health, registry, node, 1);
  }

  /** An executor applying up to {@code parallelism} services at once. */
  public Executor(
      ContainerRuntime podman,
      PodmanGuard guard,
      HealthWaiter health,
      Registry registry,
      String node,
      int parallelism) {
    this(podman, guard, health, registry, node, parallelism, VolumeDirectories.NONE);
  }

  /** An executor that also creates missing volume directories under services' data directories. */
  public Executor(
      ContainerRuntime podman,
      PodmanGuard guard,
      HealthWaiter health,
      Registry registry,
      String node,
      int parallelism,
      VolumeDirectories volumes) {
    this.volumes = volumes;
    this.failures =
        new FailurePolicy(RetryPolicy.standard(registry.clock(), ThreadLocalRandom.current()));
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
    this.node = node;
    this.podman = podman;
    this.guard = guard;
    this.health = health;
    this.registry = registry;
  }

  /** Runs the health gates' checks: what the rollout step looks at a deploy's gate with. */
  public HealthWaiter health() {
    return health;
  }

  /**
   * Applies the plan: prunes first (they free names and ports); then the other actions. Each
   * service's actions go in order (its prunes dependents first); services go side by side, up to
   * {@code parallelism} at once, since services are independent. The outcomes come back in the
   * plan's order.
   */
  public List<Outcome> apply(List<Action> actions) throws InterruptedException {
    return apply(actions, Set.of());
  }

  /**
   * Applies the plan; a component whose last action failed waits for its next retry (see {@link
   * FailurePolicy}) unless {@code deploys} (an operator's {@code mcp deploy}) cover it.
   */
  public List<Outcome> apply(List<Action> actions, Set<DeployRequest> deploys)
      throws InterruptedException {
    return apply(actions, deploys, Gating.INLINE);
  }

  /**
   * Applies the plan; a deploy's health gate that {@code gating} leaves to the loop is not waited
   * for: the loop looks at it (the rollout step), and what depends on its container waits for the
   * gate (outcome {@link Result#WAITING}, message ending {@link #GATE_WAIT}).
   */
  public List<Outcome> apply(List<Action> actions, Set<DeployRequest> deploys, Gating gating)
      throws InterruptedException {
    Map<Action, Outcome> done = new IdentityHashMap<>();
    Run run = new Run(deploys, gating);
    prune(actions.stream().filter(a -> a instanceof Prune).map(a -> (Prune) a).toList(), run, done);
    applyByService(actions.stream().filter(a -> !(a instanceof Prune)).toList(), run, done);
    return actions.stream().map(done::get).toList();
  }

  /** The end of the message of an action held back until another component passes its gate. */
  public static final String GATE_WAIT = "to pass its health gate";

  /**
   * What one {@link #apply} is given: deploy requests, gating; the gates it started, and the
   * containers of prunes that a batch already removed.
   */
  private record Run(
      Set<DeployRequest> deploys, Gating gating, Set<String> started, Set<String> removed) {
    Run(Set<DeployRequest> deploys, Gating gating) {
      this(
          deploys,
          gating,
          java.util.concurrent.ConcurrentHashMap.newKeySet(),
          java.util.concurrent.ConcurrentHashMap.newKeySet());
    }
  }

  /**
   * The prunes, in waves that keep each service's order ({@link PruneBatches}): the containers of a
   * wave's prunes that are due removed by one podman call per batch, then every prune of the wave
   * applied as before (side by side by service): its registry row and event, and, for one that a
   * batch did not remove (it failed, or the whole call did), its removal by itself, so that its
   * failure is its own, in podman's words, with its condition and retry.
   */
  private void prune(List<Prune> prunes, Run run, Map<Action, Outcome> done)
      throws InterruptedException {
    for (List<Prune> wave : PruneBatches.waves(prunes)) {
      List<Prune> due =
          wave.stream()
              .filter(
                  p ->
                      failures
                          .waiting(p, registry.condition(p.service(), p.component()), run.deploys())
                          .isEmpty())
              .toList();
      for (List<Prune> batch : PruneBatches.batches(due)) {
        run.removed().addAll(removeTogether(batch));
      }
      applyByService(List.copyOf(wave), run, done);
    }
  }

  /**
   * The containers of {@code batch} (one stop time) removed in one call: the names podman says are
   * gone; none when the call itself failed (each is then removed by itself, and says why).
   */
  private List<String> removeTogether(List<Prune> batch) {
    if (batch.size() < 2) {
      return List.of(); // one alone is removed as it always was
    }
    List<String> names = batch.stream().map(Prune::containerName).toList();
    try {
      return guard.call(() -> podman.stopAndRemoveAll(names, batch.get(0).timeout()));
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  /**
   * Whether {@code a} deploys (a create, recreate or start that a change or an operator asked for),
   * as opposed to a heal: a deploy is what starts a rollout.
   */
  public static boolean deploys(Action a) {
    return switch (a) {
      case Create c -> !c.heal();
      case Recreate r -> !r.heal();
      case Start s -> s.activated();
      default -> false;
    };
  }

  /** Whether {@code o} is an action held back until another component passes its health gate. */
  public static boolean waitsForGate(Outcome o) {
    return o.result() == Result.WAITING && o.message().endsWith(GATE_WAIT);
  }

  /** Each service's actions in order, services side by side up to {@code parallelism} at once. */
  private void applyByService(List<Action> actions, Run run, Map<Action, Outcome> done)
      throws InterruptedException {
    Map<String, List<Action>> byService = new LinkedHashMap<>();
    actions.forEach(a -> byService.computeIfAbsent(a.service(), s -> new ArrayList<>()).add(a));
    long busy = byService.values().stream().filter(l -> hasPodmanWork(l)).count();
    if (parallelism <= 1 || busy <= 1) {
      for (List<Action> group : byService.values()) {
        applyInOrder(group, run).forEach(o -> done.put(o.action(), o));
      }
      return;
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(parallelism, Executor::thread)) {
      List<Future<List<Outcome>>> futures = new ArrayList<>();
      for (List<Action> group : byService.values()) {
        futures.add(pool.submit(() -> applyInOrder(group, run)));
      }
      for (Future<List<Outcome>> f : futures) {
        try {
          f.get().forEach(o -> done.put(o.action(), o));
        } catch (ExecutionException e) {
          throw new IllegalStateException("applying a service failed unexpectedly", e.getCause());
        }
      }
    }
  }

  private static boolean hasPodmanWork(List<Action> group) {
    return group.stream().anyMatch(a -> !(a instanceof Report || a instanceof Resolve));
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "mcp-apply");
    t.setDaemon(true);
    return t;
  }

  /**
   * One service's actions (or the prunes), in order; a failure blocks what depends on it, and what
   * depends on a component waiting for its retry waits with it (silently: it was said once).
   */
  private List<Outcome> applyInOrder(List<Action> actions, Run run) throws InterruptedException {
    Set<DeployRequest> deploys = run.deploys();
    List<Outcome> outcomes = new ArrayList<>();
    // Containers whose health gate is in progress: what depends on them waits for the gate.
    Set<String> gating = new HashSet<>(run.gating().pending());
    Set<String> failed = new HashSet<>();
    Set<String> quiet =
        new HashSet<>(); // failed again as before: no event for it or its dependents
    Set<String> waiting = new HashSet<>();
    for (Action a : actions) {
      Optional<String> gate = blockedBy(a, gating);
      if (gate.isPresent()) {
        outcomes.add(
            new Outcome(
                a,
                Result.WAITING,
                a.containerName() + " waits for " + gate.get() + " " + GATE_WAIT));
        gating.add(a.containerName()); // and what depends on it waits with it
        continue;
      }
      Optional<String> behind = blockedBy(a, waiting);
      Optional<ComponentCondition> before =
          FailurePolicy.retried(a)
              ? registry.condition(a.service(), a.component())
              : Optional.empty();
      Optional<String> wait =
          behind.isPresent()
              ? Optional.of(a.containerName() + " waits for " + behind.get() + " to be retried")
              : failures.waiting(a, before, deploys);
      if (wait.isPresent()) {
        outcomes.add(new Outcome(a, Result.WAITING, wait.get()));
        waiting.add(a.containerName());
        continue;
      }
      Optional<String> blocker = blockedBy(a, failed);
      if (blocker.isPresent()) {
        String why =
            "skipped " + a.containerName() + ": it depends on " + blocker.get() + ", which failed";
        if (quiet.contains(blocker.get())) {
          quiet.add(a.containerName());
        } else {
          event(a, EventKind.FAILED, why, commitOf(a));
        }
        registry.setCondition(
            a.service(),
            a.component(),
            failures.skipped(a, verb(a), why, registry.condition(a.service(), a.component())));
        outcomes.add(new Outcome(a, Result.SKIPPED, why));
        failed.add(a.containerName());
        continue;
      }
      Outcome o = applyOne(a, before, run, quiet);
      if (!o.failed() && run.started().contains(a.containerName())) {
        gating.add(a.containerName());
      }
      if (o.failed()) {
        failed.add(a.containerName());
      }
      outcomes.add(o);
    }
    return outcomes;
  }

  /**
   * One action; {@code before} is its component's condition when the action is one the backoff
   * applies to: a retry of a failure does not say its drift again, and the success of one says that
   * it recovered.
   */
  private Outcome applyOne(
      Action a, Optional<ComponentCondition> before, Run run, Set<String> quiet)
      throws InterruptedException {
    Set<DeployRequest> deploys = run.deploys();
    Attempt at =
        new Attempt(
            failures.retrying(before),
            failures.recovered(before),
            run.gating().byLoop(a.service(), deploys(a)),
            run.started());
    try {
      String message =
          switch (a) {
            case Create c -> create(c, at);
            case Recreate r -> recreate(r, at);
            case Start s -> start(s, at);
            case Stop s -> stop(s);
            case Prune p -> prune(p, run);
            case Adopt ad -> adopt(ad);
            case Report r -> report(r);
            case Resolve r -> resolve(r);
          };
      return new Outcome(a, Result.DONE, message);
    } catch (DeployFailedException e) {
      // It was created (or started) and runs: what failed is its health, not podman.
      String why =
          (a instanceof Start ? "started " : a instanceof Recreate ? "recreated " : "created ")
              + a.containerName()
              + ", but it did not become healthy: "
              + e.getMessage();
      return failed(a, why, e, before, deploys, quiet);
    } catch (RuntimeException e) {
      String why = "failed to " + verb(a) + " " + a.containerName() + ": " + e.getMessage();
      return failed(a, why, e, before, deploys, quiet);
    }
  }

  /**
   * Whether this try of an action retries a failure, and what its success then adds; whether its
   * health gate is left to the loop, and where the containers whose gate began are noted.
   */
  private record Attempt(boolean retry, String recovered, boolean loopGate, Set<String> started) {}

  /**
   * Records the failure in the component's condition (class, attempts, next retry); an event only
   * when it is news (see {@link FailurePolicy#event}); a repeat joins {@code quiet}.
   */
  private Outcome failed(
      Action a,
      String why,
      RuntimeException cause,
      Optional<ComponentCondition> before,
      Set<DeployRequest> deploys,
      Set<String> quiet) {
    Optional<ComponentCondition> previous =
        FailurePolicy.retried(a) ? before : registry.condition(a.service(), a.component());
    Condition c = failures.failed(a, verb(a), why, cause, previous, deploys);
    Optional<String> news = failures.event(previous, c, why);
    news.ifPresent(text -> event(a, EventKind.FAILED, text, commitOf(a)));
    if (failures.repeat(previous, c)) {
      quiet.add(a.containerName()); // its dependents were said to be skipped the first time
    }
    registry.setCondition(a.service(), a.component(), c);
    return new Outcome(a, Result.FAILED, why);
  }

  private String create(Create c, Attempt at) throws InterruptedException {
    if (c.heal() && !at.retry()) {
      event(c, EventKind.DRIFT, c.containerName() + ": " + c.reason(), c.commit());
    }
    volumes(c, c.spec(), c.target(), c.commit());
    String id = guard.call(() -> podman.run(run(c.spec(), c.target(), c.specHash(), c.commit())));
    String message = "created " + c.containerName() + ": " + c.reason() + at.recovered();
    applied(
        c,
        c.spec(),
        c.target(),
        c.specHash(),
        c.commit(),
        id,
        c.heal() ? EventKind.HEALED : EventKind.CREATED,
        message);
    awaitHealthy(c.target(), c.containerName(), at);
    return message;
  }

  private String recreate(Recreate r, Attempt at) throws InterruptedException {
    if (r.heal() && !at.retry()) {
      event(r, EventKind.DRIFT, r.containerName() + ": " + r.reason(), r.commit());
    }
    volumes(r, r.spec(), r.target(), r.commit());
    String image = r.target().image();
    // Pull before the old container goes, so that a missing image leaves it running.
    // Images under localhost/ exist only on this node: there is nothing to pull them from.
    boolean pullable = !image.startsWith("localhost/");
    if ((r.pull() && pullable) || !guard.call(() -> podman.imageExists(image))) {
      guard.run(() -> podman.pull(image));
    }
    guard.run(() -> podman.stopAndRemove(r.containerName(), r.target().stopTimeout()));
    String id = guard.call(() -> podman.run(run(r.spec(), r.target(), r.specHash(), r.commit())));
    String message = "recreated " + r.containerName() + ": " + r.reason() + at.recovered();
    applied(
        r,
        r.spec(),
        r.target(),
        r.specHash(),
        r.commit(),
        id,
        r.heal() ? EventKind.HEALED : EventKind.RECREATED,
        message);
    awaitHealthy(r.target(), r.containerName(), at);
    return message;
  }

  private String start(Start s, Attempt at) throws InterruptedException {
    if (!s.activated() && !at.retry()) {
      event(s, EventKind.DRIFT, s.containerName() + ": " + s.reason(), s.commit());
    }
    volumes(s, s.spec(), s.target(), s.commit());
    guard.run(() -> podman.start(s.containerName()));
    awaitHealthy(s.target(), s.containerName(), at);
    registry.setCondition(s.service(), s.component(), Condition.OK);
    String message =
        s.activated()
            ? "started " + s.containerName() + ": " + s.reason() + at.recovered()
            : "started " + s.containerName() + " (was: " + s.reason() + ")" + at.recovered();
    event(s, s.activated() ? EventKind.STARTED : EventKind.HEALED, message, s.commit());
    return message;
  }

  private String stop(Stop s) {
    guard.run(() -> podman.stop(s.containerName(), s.timeout()));
    registry.setCondition(
        s.service(), s.component(), Condition.of(ConditionKind.INACTIVE, s.reason()));
    String message = "stopped " + s.containerName() + ": " + s.reason();
    event(s, EventKind.STOPPED, message, s.commit());
    return message;
  }

  private String prune(Prune p, Run run) {
    if (!run.removed().contains(p.containerName())) {
      guard.run(() -> podman.stopAndRemove(p.containerName(), p.timeout()));
    }
    registry.removeComponent(p.service(), p.component());
    String message =
        "pruned "
            + p.containerName()
            + ": "
            + p.reason()
            + "; its data in the service's folder stays";
    event(p, EventKind.PRUNED, message, null);
    return message;
  }

  private String adopt(Adopt a) {
    String message = "adopted " + a.containerName() + ": " + a.reason();
    registry.recordApplied(
        new ComponentApplied(
            a.service(),
            a.component(),
            a.specHash(),
            a.target().image(),
            a.commit(),
            Optional.of(a.containerId()),
            Optional.of(ComponentSpecJson.write(a.target()))),
        Optional.empty(), // adopting changes nothing about the container: keep its condition
        NewEvent.ofComponent(EventKind.ADOPTED, a.service(), a.component(), message)
            .withCommit(a.commit()));
    return message;
  }

  private String report(Report r) {
    EventKind kind =
        switch (r.kind()) {
          case DRIFT, ORPHAN -> EventKind.DRIFT;
          case CONFLICT -> EventKind.CONFLICT;
          case OUT_OF_SYNC -> EventKind.OUT_OF_SYNC;
        };
    registry.setCondition(r.service(), r.component(), r.condition());
    String message = r.containerName() + ": " + r.reason();
    event(r, kind, message, null);
    return message;
  }

  private String resolve(Resolve r) {
    registry.setCondition(r.service(), r.component(), r.condition());
    return r.containerName() + ": " + r.reason();
  }

  /**
   * The health gate: waited for here, or (a deploy the loop gates) noted as begun, for the rollout
   * step to look at between cycles.
   */
  private void awaitHealthy(ComponentSpec target, String container, Attempt at)
      throws InterruptedException {
    if (target.health().isEmpty()) {
      return;
    }
    if (at.loopGate()) {
      at.started().add(container);
      return;
    }
    Optional<String> problem = health.await(container, target.health().get());
    if (problem.isPresent()) {
      throw new DeployFailedException(container + " is " + problem.get());
    }
  }

  /** The container, its condition (cleared) and its event, recorded together. */
  private void applied(
      Action a,
      ServiceSpec s,
      ComponentSpec c,
      String hash,
      String commit,
      String id,
      EventKind kind,
      String message) {
    registry.recordApplied(
        new ComponentApplied(
            s.name(),
            c.name(),
            hash,
            c.image(),
            commit,
            Optional.of(id),
            Optional.of(ComponentSpecJson.write(c))),
        Optional.of(Condition.OK),
        NewEvent.ofComponent(kind, a.service(), a.component(), message).withCommit(commit));
  }

  /** Creates missing volume directories (with an event naming them) or refuses the action. */
  private void volumes(Action a, ServiceSpec s, ComponentSpec c, String commit) {
    List<java.nio.file.Path> created = volumes.prepare(s, c);
    if (!created.isEmpty()) {
      event(a, EventKind.CREATED, VolumeDirectories.message(a.containerName(), created), commit);
    }
  }

  private RunRequest run(ServiceSpec s, ComponentSpec c, String hash, String commit) {
    return new RunRequest(c, s.name(), hash, commit, node);
  }

  private void event(Action a, EventKind kind, String message, String commit) {
    NewEvent e = NewEvent.ofComponent(kind, a.service(), a.component(), message);
    registry.appendEvent(commit == null ? e : e.withCommit(commit));
  }

  private static Optional<String> blockedBy(Action a, Set<String> failed) {
    ComponentSpec target =
        switch (a) {
          case Create c -> c.target();
          case Recreate r -> r.target();
          case Start s -> s.target();
          default -> null;
        };
    if (target == null) {
      return Optional.empty();
    }
    return target.dependsOn().stream()
        .map(d -> ServiceSpec.containerName(a.service(), d))
        .filter(failed::contains)
        .findFirst();
  }

  static String commitOf(Action a) {
    return switch (a) {
      case Create c -> c.commit();
      case Recreate r -> r.commit();
      case Start s -> s.commit();
      case Stop s -> s.commit();
      default -> null;
    };
  }

  private static String verb(Action a) {
    return switch (a) {
      case Create c -> "create";
      case Recreate r -> "recreate";
      case Start s -> s.activated() ? Start.ACTIVATE : "start";
      case Stop s -> "stop";
      case Prune p -> "prune";
      case Adopt ad -> "adopt";
      case Report r -> "report";
      case Resolve r -> "resolve";
    };
  }

  /** A deploy whose container did not become healthy: it stays as it is, visibly failed. */
  static final class DeployFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DeployFailedException(String message) {
      super(message);
    }
  }
}
