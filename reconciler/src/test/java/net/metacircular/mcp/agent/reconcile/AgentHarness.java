package net.metacircular.mcp.agent.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.apply.Executor;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.apply.VolumeDirectories;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.plan.Planner;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.secrets.PodmanSecrets;
import net.metacircular.mcp.agent.secrets.SecretValues;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.RuntimeFixture;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ValidationPolicy;
import net.metacircular.mcp.schema.age.AgeException;
import net.metacircular.mcp.schema.age.AgeIdentity;
import net.metacircular.mcp.schema.age.AgeRecipients;

/**
 * A real agent stack on SQLite and a folder of service files, driven one reconcile at a time, on
 * real podman or on the in-memory runtime (with its clock: health waits advance it instead of
 * sleeping). Its node is the test's unique prefix, so it owns only this test's containers.
 */
public final class AgentHarness implements AutoCloseable {
  public final RuntimeFixture t;
  public final Path services;
  public final Path dataDir;
  public final Path servicesRoot;
  public final String node;
  private final PlanOptions options;
  private final ContainerRuntime podman;
  private final Clock clock;
  private final HealthWaiter.Sleeper sleeper;
  private Registry registry;
  private Reconciler reconciler;
  private List<Path> allowedVolumeRoots = List.of();
  private Optional<AgeIdentity> identity = Optional.empty();

  public AgentHarness(TestPodman t, Path root, PlanOptions options) throws IOException {
    this(t, root, options, t.podman());
  }

  /** On real podman through {@code podman}, e.g. a shim that counts calls. */
  public AgentHarness(TestPodman t, Path root, PlanOptions options, Podman podman)
      throws IOException {
    this(t, root, options, podman, Clock.systemUTC(), d -> Thread.sleep(d));
  }

  /**
   * On real podman through {@code podman}, with the registry (and the retry backoff that reads its
   * clock) on {@code clock}, a clock the test moves; health waits still sleep.
   */
  public AgentHarness(TestPodman t, Path root, PlanOptions options, Podman podman, Clock clock)
      throws IOException {
    this(t, root, options, podman, clock, d -> Thread.sleep(d));
  }

  /** On the in-memory runtime; the registry and health waits use its clock. */
  public AgentHarness(InMemoryRuntime runtime, Path root, PlanOptions options) throws IOException {
    this(runtime, root, options, runtime, runtime.clock(), runtime.clock()::advance);
  }

  private AgentHarness(
      RuntimeFixture t,
      Path root,
      PlanOptions options,
      ContainerRuntime podman,
      Clock clock,
      HealthWaiter.Sleeper sleeper)
      throws IOException {
    this.t = t;
    this.options = options;
    this.podman = podman;
    this.clock = clock;
    this.sleeper = sleeper;
    this.node = t.prefix();
    this.services = Files.createDirectories(root.resolve("services"));
    this.dataDir = Files.createDirectories(root.resolve("data"));
    this.servicesRoot = Files.createDirectories(root.resolve("srv"));
    start();
  }

  /** Starts (or restarts) the agent: opens the registry as a fresh process would. */
  public void start() {
    registry = Registry.open(dataDir.resolve("mcp.db"), clock);
    PodmanGuard guard =
        new PodmanGuard(new PodmanGuard.Policy(2, Duration.ofMillis(50), 4, Duration.ofSeconds(2)));
    HealthWaiter health = new HealthWaiter(podman, clock, sleeper, Duration.ofSeconds(8));
    ValidationPolicy policy = new ValidationPolicy(servicesRoot, allowedVolumeRoots);
    Executor executor =
        new Executor(podman, guard, health, registry, node, 4, new VolumeDirectories(policy));
    ServiceParser parser = new ServiceParser(policy);
    SecretValues secrets = new SecretValues(identity);
    reconciler =
        new Reconciler(
            new DesiredStateResolver(node, parser, secrets),
            new Planner(node),
            executor,
            podman,
            guard,
            registry,
            options,
            clock,
            new PodmanSecrets(podman, guard, secrets));
  }

  /** Restarts the agent with this node identity ({@code [secrets] identity}). */
  public void useIdentity(AgeIdentity id) {
    stop();
    identity = Optional.of(id);
    start();
  }

  /** Writes {@code secrets/<service>/<name>.age}: {@code value} encrypted to {@code recipients}. */
  public void writeSecret(String service, String name, String value, String... recipients)
      throws IOException, AgeException {
    Path dir = Files.createDirectories(services.resolve("secrets").resolve(service));
    Files.write(
        dir.resolve(name + ".age"),
        AgeRecipients.encrypt(value.getBytes(StandardCharsets.UTF_8), List.of(recipients)));
  }

  /** Restarts the agent with {@code roots} as its {@code allowed_volume_roots}. */
  public void allowVolumeRoots(Path... roots) {
    stop();
    allowedVolumeRoots = List.of(roots);
    start();
  }

  public void stop() {
    registry.close();
  }

  public Registry registry() {
    return registry;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  /** Writes {@code <service>.toml}: one component a line, {@code name image [extra TOML]}. */
  public void write(String service, String toml) throws IOException {
    Files.writeString(services.resolve(service + ".toml"), toml);
  }

  public void delete(String service) throws IOException {
    Files.delete(services.resolve(service + ".toml"));
  }

  public CycleResult reconcile() throws InterruptedException {
    return reconciler.reconcile(new FolderSource(services).fetch(), Set.of());
  }

  public CycleResult deploy(DeployRequest request) throws InterruptedException {
    return reconciler.reconcile(new FolderSource(services).fetch(), Set.of(request));
  }

  /** Every event so far, oldest first, as {@code kind: message}. */
  public List<String> events() {
    return registry.events(EventQuery.recent(1000).oldestFirst()).stream()
        .map(AgentHarness::line)
        .toList();
  }

  private static String line(Event e) {
    return e.kind().word() + ": " + e.message();
  }

  public ObservedContainer container(String name) {
    return t.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  public boolean exists(String name) {
    return t.containers().stream().anyMatch(c -> c.name().equals(name));
  }

  /** A service file with the test image and prompt stops; {@code body} adds components. */
  public String service(String name, String body) {
    return "name = \"" + name + "\"\nnode = \"" + node + "\"\n" + body;
  }

  public static String component(String name, String image, String... extra) {
    return "\n[[components]]\nname = \""
        + name
        + "\"\nimage = \""
        + image
        + "\"\nstop_timeout = \"2s\"\n"
        + String.join("\n", extra)
        + "\n";
  }

  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      t.removeAll();
    }
  }
}
