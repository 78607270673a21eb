package net.metacircular.mcp.agent;

import java.time.Clock;
import java.util.Map;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.plan.Planner;
import net.metacircular.mcp.agent.reconcile.DesiredStateResolver;
import net.metacircular.mcp.agent.reconcile.ReconcileLoop;
import net.metacircular.mcp.agent.reconcile.Reconciler;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanSettings;
import net.metacircular.mcp.agent.source.DesiredSource;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ValidationPolicy;

/**
 * The agent's composition root: builds the registry, podman runtime, source, planner, executor and
 * loop from the config, and owns their lifetimes.
 */
public final class Agent implements AutoCloseable {
  private final AgentConfig config;
  private final Registry registry;
  private final Podman podman;
  private final ReconcileLoop loop;
  private ApiServer api;

  private Agent(AgentConfig config, Registry registry, Podman podman, ReconcileLoop loop) {
    this.config = config;
    this.registry = registry;
    this.podman = podman;
    this.loop = loop;
  }

  /** Builds an agent. {@code environment} is added to podman's (e.g. {@code CONTAINERS_CONF}). */
  public static Agent create(AgentConfig config, Map<String, String> environment, Clock clock) {
    Registry registry = Registry.open(config.database(), clock);
    try {
      Podman podman =
          new Podman(
              PodmanSettings.defaults(environment).withExecutable(config.reconcile().podman()));
      PodmanGuard guard = new PodmanGuard(PodmanGuard.Policy.DEFAULT);
      HealthWaiter health =
          new HealthWaiter(podman, clock, d -> Thread.sleep(d), config.reconcile().healthTimeout());
      Executor executor = new Executor(podman, guard, health, registry, config.node());
      ServiceParser parser =
          new ServiceParser(
              new ValidationPolicy(config.servicesRoot(), config.allowedVolumeRoots()));
      PlanOptions options =
          new PlanOptions(
              config.reconcile().selfHeal(), config.reconcile().prune(), java.util.Set.of());
      Reconciler reconciler =
          new Reconciler(
              new DesiredStateResolver(config.node(), parser),
              new Planner(config.node()),
              executor,
              podman,
              guard,
              registry,
              options,
              clock);
      ReconcileLoop loop = new ReconcileLoop(source(config), reconciler, registry);
      return new Agent(config, registry, podman, loop);
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  private static DesiredSource source(AgentConfig config) {
    if (config.source().dir().isPresent()) {
      return new FolderSource(config.source().dir().get().resolve(config.source().path()));
    }
    throw new SourceException(
        config.file()
            + ": [source] url: git sources are not supported by this build yet;"
            + " use [source] dir = \"/path/to/services\"");
  }

  /** Starts polling and drift checks. */
  public void start() {
    loop.start(config.source().pollInterval(), config.reconcile().driftInterval());
  }

  /** Starts the HTTPS API ({@code [server]}); it is stopped by {@link #close}. */
  public synchronized ApiServer serve(ApiOptions options) {
    if (api != null) {
      throw new IllegalStateException("the API is already being served");
    }
    api = new ApiServer(config, registry, podman, loop, options).start();
    return api;
  }

  public AgentConfig config() {
    return config;
  }

  public Registry registry() {
    return registry;
  }

  public Podman podman() {
    return podman;
  }

  public ReconcileLoop loop() {
    return loop;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (api != null) {
        api.close();
      }
    }
    loop.close();
    registry.close();
  }
}
