package net.metacircular.mcp.agent;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.api.WebhookAdapter;
import net.metacircular.mcp.agent.api.WebhookReceiver;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.apply.VolumeDirectories;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.events.CrashLoopPolicy;
import net.metacircular.mcp.agent.events.CrashLoops;
import net.metacircular.mcp.agent.events.EventRouter;
import net.metacircular.mcp.agent.events.EventWatch;
import net.metacircular.mcp.agent.events.LastExits;
import net.metacircular.mcp.agent.events.ManagedNames;
import net.metacircular.mcp.agent.events.OwnActions;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.plan.Planner;
import net.metacircular.mcp.agent.reconcile.DesiredStateResolver;
import net.metacircular.mcp.agent.reconcile.ReconcileLoop;
import net.metacircular.mcp.agent.reconcile.Reconciler;
import net.metacircular.mcp.agent.registry.EventRetention;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanSettings;
import net.metacircular.mcp.agent.secrets.IdentityFile;
import net.metacircular.mcp.agent.secrets.PodmanSecrets;
import net.metacircular.mcp.agent.secrets.SecretValues;
import net.metacircular.mcp.agent.source.CommitVerifier;
import net.metacircular.mcp.agent.source.DesiredSource;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.source.GitSource;
import net.metacircular.mcp.agent.source.GitSourceSettings;
import net.metacircular.mcp.agent.source.PollSchedule;
import net.metacircular.mcp.agent.source.SignedCommitVerifier;
import net.metacircular.mcp.agent.webhook.CoalescingTrigger;
import net.metacircular.mcp.agent.webhook.WebhookHandler;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ValidationPolicy;

/**
 * The agent's composition root: builds the registry, podman runtime, source, planner, executor and
 * loop from the config, and owns their lifetimes.
 */
public final class Agent implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final Registry registry;
  private final ContainerRuntime podman;
  private final ReconcileLoop loop;
  private final DesiredSource source;
  private ApiServer api;
  private final EventRetention retention;
  private final OwnActions own;
  private final LastExits exits;
  private final Clock clock;
  private EventWatch watch;
  private final CrashLoops crashLoops;
  private final net.metacircular.mcp.agent.notify.NotifyService notify;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-housekeeping");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService webhookTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-webhook");
            t.setDaemon(true);
            return t;
          });

  private Agent(
      AgentConfig config,
      Registry registry,
      ContainerRuntime podman,
      DesiredSource source,
      ReconcileLoop loop,
      EventRetention retention,
      OwnActions own,
      LastExits exits,
      Clock clock) {
    this.exits = exits;
    this.retention = retention;
    this.own = own;
    this.clock = clock;
    this.crashLoops =
        new CrashLoops(CrashLoopPolicy.of(config.crashLoop()), registry, new LoopActions(), clock);
    boolean selfHeal = config.reconcile().selfHeal();
    this.notify =
        new net.metacircular.mcp.agent.notify.NotifyService(
            registry,
            config,
            clock,
            service ->
                loop.lastResolution()
                    .map(r -> r.desired().services().get(service))
                    .map(d -> d.spec().selfHeal(selfHeal))
                    .orElse(selfHeal));
    this.source = source;
    this.config = config;
    this.registry = registry;
    this.podman = podman;
    this.loop = loop;
  }

  /** Builds an agent. {@code environment} is added to podman's (e.g. {@code CONTAINERS_CONF}). */
  public static Agent create(AgentConfig config, Map<String, String> environment, Clock clock) {
    return create(
        config,
        new Podman(
            PodmanSettings.defaults(environment).withExecutable(config.reconcile().podman())),
        clock);
  }

  /** Builds an agent on the given container runtime (podman, or a test's in-memory runtime). */
  public static Agent create(AgentConfig config, ContainerRuntime podman, Clock clock) {
    return create(config, podman, clock, d -> Thread.sleep(d));
  }

  /**
   * Builds an agent whose health waits pause with {@code pause} between checks: a test on the
   * in-memory runtime passes one that moves its clock on, so a health deadline takes no real time.
   */
  public static Agent create(
      AgentConfig config, ContainerRuntime runtime, Clock clock, HealthWaiter.Sleeper pause) {
    // Every call the agent makes is remembered, so that the events it causes are not drift.
    OwnActions own = new OwnActions(clock);
    ContainerRuntime podman = own.attributing(runtime);
    Registry registry = Registry.open(config.database(), clock);
    LastExits exits = new LastExits(); // kept by the event router, read by the soak's judge
    try {
      Reconciler reconciler =
          reconciler(
              config,
              podman,
              registry,
              new PodmanGuard(PodmanGuard.Policy.DEFAULT),
              clock,
              pause,
              exits);
      DesiredSource source = source(config);
      ReconcileLoop loop = new ReconcileLoop(source, reconciler, registry, clock);
      return new Agent(
          config,
          registry,
          podman,
          source,
          loop,
          new EventRetention(registry, config.registry().keepEvents(), clock),
          own,
          exits,
          clock);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  /**
   * The reconcile engine of an agent of {@code config} on {@code registry}: desired-state resolver
   * (parser, secrets), planner, executor (health waits paused with {@code pause}, volume
   * directories), podman secrets and the rollout step. One wiring for the agent and for the tests
   * that drive a reconciler a cycle at a time ({@code reconcile/AgentHarness}).
   */
  public static Reconciler reconciler(
      AgentConfig config,
      ContainerRuntime podman,
      Registry registry,
      PodmanGuard guard,
      Clock clock,
      HealthWaiter.Sleeper pause,
      LastExits exits) {
    HealthWaiter health =
        new HealthWaiter(podman, clock, pause, config.reconcile().healthTimeout());
    ValidationPolicy policy =
        new ValidationPolicy(
            config.servicesRoot(),
            config.allowedVolumeRoots(),
            config.reconcile().allowHostNetwork());
    Executor executor =
        new Executor(
            podman,
            guard,
            health,
            registry,
            config.node(),
            config.reconcile().parallelism(),
            new VolumeDirectories(policy));
    ServiceParser parser = new ServiceParser(policy);
    SecretValues secrets = new SecretValues(config.secrets().identity().map(IdentityFile::load));
    PlanOptions options =
        new PlanOptions(
            config.reconcile().selfHeal(), config.reconcile().prune(), java.util.Set.of());
    return new Reconciler(
        new DesiredStateResolver(config.node(), parser, secrets),
        new Planner(config.node()),
        executor,
        podman,
        guard,
        registry,
        options,
        clock,
        new PodmanSecrets(podman, guard, secrets),
        config.reconcile().soak(),
        exits);
  }

  private static DesiredSource source(AgentConfig config) {
    if (config.source().dir().isPresent()) {
      return new FolderSource(config.source().dir().get().resolve(config.source().path()));
    }
    CommitVerifier verifier =
        config.source().verifyCommits()
            ? new SignedCommitVerifier(config.source().trustedKeys().orElseThrow())
            : CommitVerifier.TRUST_ALL;
    return new GitSource(GitSourceSettings.from(config.source()), config.checkout(), verifier);
  }

  /**
   * Starts polling (with a little jitter), drift checks, and following podman's event stream (each
   * (re)start of which asks for a full cycle).
   */
  public void start() {
    PollSchedule poll = new PollSchedule(config.source().pollInterval(), new java.util.Random());
    loop.start(poll::nextDelay, config.reconcile().driftInterval());
    synchronized (this) {
      EventRouter router =
          new EventRouter(
              new ManagedNames(loop::lastResolution, registry),
              own,
              new net.metacircular.mcp.agent.events.OutOfMemoryReport(
                  registry, (service, cause) -> loop.reconcileService(service)),
              java.util.Optional.of(crashLoops),
              exits);
      watch = new EventWatch(podman, config.node(), router, loop::reconcileNow, clock).start();
    }
    housekeeping.scheduleWithFixedDelay(this::tickCrashLoops, 1, 1, TimeUnit.SECONDS);
    notify.start();
    housekeeping.scheduleWithFixedDelay(
        this::trimEvents, 0, EventRetention.EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  /**
   * Collects the heap fully every {@code interval} on the housekeeping thread, so that memory used
   * by a burst of changes goes back to the system (see {@link HeapTrim}); zero: never.
   */
  public void trimHeapEvery(Duration interval) {
    new HeapTrim(interval, System::gc).start(housekeeping);
  }

  private void tickCrashLoops() {
    try {
      crashLoops.tick();
    } catch (RuntimeException e) {
      // The next second tries again; the scheduled task must not die of it.
      LOG.warn("crash-loop backoff: {}", e.getMessage());
    }
  }

  /**
   * The crash-loop handling's podman calls, made on the reconcile thread between cycles, so that a
   * cycle never sees a container half stopped or started by it.
   */
  private final class LoopActions implements CrashLoops.Actions {
    @Override
    public void stop(String container) {
      between(
          () -> {
            podman.stop(container, CRASH_LOOP_STOP);
            return null;
          });
    }

    @Override
    public void start(String container) {
      between(
          () -> {
            podman.start(container);
            return null;
          });
    }

    @Override
    public String lastLines(String container, int lines) {
      return podman.logs(container, lines);
    }

    private void between(java.util.concurrent.Callable<Object> work) {
      try {
        loop.exclusive(work);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A crash-looping container is stopped with a short grace: it is failing anyway. */
  private static final Duration CRASH_LOOP_STOP = Duration.ofSeconds(5);

  /** The crash-loop handling: tests move their clock and call {@link CrashLoops#tick}. */
  public CrashLoops crashLoops() {
    return crashLoops;
  }

  private void trimEvents() {
    try {
      retention.trimIfDue();
    } catch (RuntimeException e) {
      // A failed trim is tried again at the next hour; the scheduled task must not die of it.
      LOG.warn("cannot delete old events ([registry] keep_events): {}", e.getMessage());
    }
  }

  /**
   * The webhook receiver for a git source: an authentic push to the followed branch asks for a
   * fetch. The first fetches at once (no window: a window of 200 ms was a sixth of a webhook's time
   * to converged, and pushes to other branches are ignored anyway); those that arrive while it
   * runs, a redelivery or the next push, coalesce into one more fetch after it.
   */
  public WebhookReceiver webhooks() {
    if (config.source().url().isEmpty()) {
      return WebhookReceiver.NOT_CONFIGURED;
    }
    CoalescingTrigger trigger =
        new CoalescingTrigger(webhookTimer, Duration.ZERO, () -> loop.sync().join());
    return new WebhookAdapter(
        new WebhookHandler(config.source().webhookSecretFile(), config.source().branch(), trigger));
  }

  /** Starts the HTTPS API ({@code [server]}); it is stopped by {@link #close}. */
  public synchronized ApiServer serve(ApiOptions options) {
    if (api != null) {
      throw new IllegalStateException("the API is already being served");
    }
    api =
        new ApiServer(config, registry, podman, loop, options)
            .watching(() -> watch().map(EventWatch::state))
            .notifying(notify)
            .start();
    return api;
  }

  /** Incidents and their delivery to the {@code [[notify]]} receivers. */
  public net.metacircular.mcp.agent.notify.NotifyService notifications() {
    return notify;
  }

  public AgentConfig config() {
    return config;
  }

  public Registry registry() {
    return registry;
  }

  public ContainerRuntime podman() {
    return podman;
  }

  public ReconcileLoop loop() {
    return loop;
  }

  /** How drift is being found: podman's event stream, or polling alone; empty before start. */
  public synchronized java.util.Optional<EventWatch> watch() {
    return java.util.Optional.ofNullable(watch);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (api != null) {
        api.close();
      }
    }
    webhookTimer.shutdownNow();
    housekeeping.shutdownNow();
    notify.close();
    synchronized (this) {
      if (watch != null) {
        watch.close();
      }
    }
    loop.close();
    if (source instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // Closing an ssh client; nothing to recover.
      }
    }
    registry.close();
  }
}
