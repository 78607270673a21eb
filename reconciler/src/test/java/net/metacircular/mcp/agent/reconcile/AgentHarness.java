package net.metacircular.mcp.agent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.events.LastExits;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.RuntimeFixture;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.age.AgeException;
import net.metacircular.mcp.schema.age.AgeIdentity;
import net.metacircular.mcp.schema.age.AgeRecipients;

/**
 * A real agent stack on SQLite and a folder of service files, driven one reconcile at a time, on
 * real podman or on the in-memory runtime (with its clock: health waits advance it instead of
 * sleeping). Its node is the test's unique prefix, so it owns only this test's containers. The
 * configuration is {@link TestAgentSetup}'s (no API) and the engine the agent's own ({@link
 * Agent#reconciler}); only podman's retries are quicker than the agent's.
 */
public final class AgentHarness implements AutoCloseable {
  /** Two tries 50 ms apart, open for 2 s: a test's failing podman fails fast. */
  private static final PodmanGuard.Policy QUICK_GUARD =
      new PodmanGuard.Policy(2, Duration.ofMillis(50), 4, Duration.ofSeconds(2));

  public final RuntimeFixture t;
  public final Path services;
  public final Path dataDir;
  public final Path servicesRoot;
  public final String node;
  private final Path root;
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
    if (!options.deploys().isEmpty() || !options.suspended().isEmpty() || options.nodeSuspended()) {
      throw new IllegalArgumentException(
          "an agent's configuration has only self_heal and prune; deploy with deploy(…): "
              + options);
    }
    this.t = t;
    this.root = root;
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

  /**
   * Starts (or restarts) the agent: reads its configuration and opens the registry as a fresh
   * process would.
   */
  public void start() {
    AgentConfig config;
    try {
      config = setup().config();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    registry = Registry.open(config.database(), clock);
    reconciler =
        Agent.reconciler(
            config,
            podman,
            registry,
            new PodmanGuard(QUICK_GUARD),
            clock,
            sleeper,
            new LastExits());
  }

  /** The agent's files: {@link #options}, the allowed volume roots and the identity as TOML. */
  private TestAgentSetup setup() throws IOException {
    String reconcile =
        "self_heal = "
            + options.selfHeal()
            + "\nprune = "
            + options.prune()
            + "\nallowed_volume_roots = ["
            + allowedVolumeRoots.stream()
                .map(p -> "\"" + p + "\"")
                .collect(java.util.stream.Collectors.joining(", "))
            + "]\n";
    TestAgentSetup setup =
        TestAgentSetup.forFolder(root, node, services)
            .withoutApi()
            .healthTimeout("8s")
            .reconcile(reconcile);
    if (identity.isPresent()) {
      Path file = root.resolve("identity.txt");
      Files.deleteIfExists(file);
      Files.writeString(
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          identity.get().fileText(Instant.EPOCH));
      setup.secretsIdentity(file);
    }
    return setup;
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
