package net.metacircular.mcp.agent.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.EventStream;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanTimeoutException;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;

/**
 * A container runtime in memory, for engine tests that need no real podman: containers with names,
 * labels, states (created, running, exited), exit codes, restart counts and health, time from an
 * injected {@link TestClock}, and injected failures (timeouts, or an exit code with podman's
 * stderr). Its errors carry the exit codes and stderr podman 4.3.1 gives here (see {@link
 * PodmanMessages}).
 *
 * <p><b>Trusted only for what {@code runtime.ContainerRuntimeContract} proves against real podman
 * on every CI run:</b> run with labels, the ps fields the observer reads, state and exit code after
 * stop and kill, start and restart, rm of running and stopped containers, the rm of many names in
 * one call (a missing name ignored; a name podman refuses, one another container depends on, left
 * while the others go, and only those answered), name conflicts, a missing container's and a
 * missing image's error text, health transitions (starting, healthy, unhealthy after {@code
 * retries} failures, healthy again), the answer for a container without a healthcheck, and a
 * process exiting 0 by itself ({@link #crash}) under {@code unless-stopped} (restarted, counted)
 * and {@code no} (left exited). Not modelled or not proved, so never to be relied on here: ports,
 * volumes, env, users, networks, the health start period's exact edge, non-zero exits and {@code
 * on-failure} limits, the delay before podman's restart, log content and interleaving, the
 * transient {@code stopped} state between a kill and podman's cleanup, and timing (nothing here
 * takes time). A test of any of those belongs on {@link RequiresPodman}.
 */
public final class InMemoryRuntime implements ContainerRuntime, RuntimeFixture {
  private static final AtomicLong PREFIXES = new AtomicLong();

  private final TestClock clock;
  private final String prefix = "m" + PREFIXES.incrementAndGet();
  private final Map<String, InMemoryContainer> containers = new LinkedHashMap<>();
  private final Map<String, String> images = new LinkedHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<String> calls = new ArrayList<>();
  private final Map<String, String> failingChecks = new LinkedHashMap<>();
  private final Map<String, byte[]> secrets = new LinkedHashMap<>();

  /** A container's name, by the name of the one that depends on it ({@link #runDependent}). */
  private final Map<String, String> dependsOn = new LinkedHashMap<>();

  private final InMemoryEvents events = new InMemoryEvents();
  private long ids;

  /** One injected failure: the next {@code times} calls whose log line starts with {@code call}. */
  private static final class Fault {
    final String call;
    final Supplier<RuntimeException> failure;
    int times;

    Fault(String call, Supplier<RuntimeException> failure, int times) {
      this.call = call;
      this.failure = failure;
      this.times = times;
    }
  }

  public InMemoryRuntime(TestClock clock) {
    this.clock = clock;
    images.put(TestPodman.IMAGE, imageId(TestPodman.IMAGE));
  }

  public InMemoryRuntime() {
    this(new TestClock());
  }

  public TestClock clock() {
    return clock;
  }

  // --- the test's hand on the runtime --------------------------------------------------------

  /** The calls made so far, oldest first, e.g. {@code ps}, {@code run m1-app-api}. */
  public synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  /**
   * The next {@code times} calls starting with {@code call} ({@code "ps"}, {@code "run"}, {@code
   * ""} for any) time out.
   */
  public synchronized void timeOut(String call, int times) {
    faults.add(
        new Fault(
            call,
            () -> new PodmanTimeoutException(List.of("podman", call), Duration.ofSeconds(30), ""),
            times));
  }

  /**
   * The next {@code times} calls starting with {@code call} fail as podman would with this exit and
   * stderr.
   */
  public synchronized void fail(String call, int times, int exitCode, String stderr) {
    faults.add(
        new Fault(
            call, () -> new PodmanException(List.of("podman", call), exitCode, stderr), times));
  }

  /** Makes {@code image} present, with its own image id. */
  public synchronized void addImage(String image) {
    images.putIfAbsent(image, imageId(image));
  }

  /**
   * The health check of the container named {@code name} fails from now on, printing {@code
   * output}; empty: it passes. May be said before the container exists (a check that fails from its
   * first run), and holds for whichever container has the name.
   */
  public synchronized void healthCheckFails(String name, Optional<String> output) {
    if (output.isPresent()) {
      failingChecks.put(name, output.get());
    } else {
      failingChecks.remove(name);
    }
  }

  /** {@code podman kill}: SIGKILL, exit 137, no restart (podman counts a kill as a stop). */
  public synchronized void kill(String name) {
    InMemoryContainer c = existing("kill", name);
    emit(RuntimeEvent.KILL, c);
    c.exit(137);
    c.stoppedByUser = true;
    died(c, false);
  }

  /**
   * The kernel kills the container's process for lack of memory: exit 137, {@code OOMKilled}, and
   * its restart policy decides as for {@link #crash}.
   */
  public synchronized void oomKill(String name) {
    InMemoryContainer c = existing("oom", name);
    exitAndMaybeRestart(c, 137, true);
  }

  /** Every followed event stream ends with {@code why}, as when podman events is killed. */
  public void endEventStreams(String why) {
    events.endAll(why);
  }

  /** From now on event streams end at once with {@code why} (empty: they work again). */
  public void eventsUnavailable(Optional<String> why) {
    events.unavailable(why);
  }

  /** How many event streams are being followed now. */
  public int eventStreams() {
    return events.following();
  }

  /**
   * The container's process exits by itself with {@code code}: its restart policy decides, as
   * podman's cleanup does, whether it runs again at once (the restart count goes up).
   */
  public synchronized void crash(String name, int code) {
    exitAndMaybeRestart(existing("crash", name), code, false);
  }

  private void exitAndMaybeRestart(InMemoryContainer c, int code, boolean oom) {
    c.exit(code);
    died(c, oom);
    RestartPolicy.Kind kind = c.restart.kind();
    boolean again =
        kind == RestartPolicy.Kind.ALWAYS
            || kind == RestartPolicy.Kind.UNLESS_STOPPED
            || (kind == RestartPolicy.Kind.ON_FAILURE
                && code != 0
                && (c.restart.maxRetries() == 0 || c.restartCount < c.restart.maxRetries()));
    if (again) {
      c.restartCount++;
      start(c);
    }
  }

  /** {@code podman inspect --format {{.RestartCount}}}. */
  @Override
  public synchronized int restartCount(String name) {
    return existing("inspect", name).restartCount;
  }

  /** Adds a line to the container's output, as its process would print it. */
  public synchronized void print(String name, String line) {
    existing("logs", name).output.add(line);
  }

  /**
   * A container created outside the agent ({@code podman run -d --name name image} with these
   * labels, e.g. none): foreign, or only claiming to be managed.
   */
  public synchronized String runOutside(String name, Map<String, String> labels) {
    return create(name, labels, TestPodman.IMAGE, RestartPolicy.UNLESS_STOPPED, Optional.empty());
  }

  /**
   * {@code podman run -d --name dependent --network container:name}: a container that shares the
   * namespace of {@code name}, which podman then refuses to remove ({@link
   * PodmanMessages#hasDependents}) until {@code dependent} is gone.
   */
  public synchronized String runDependent(String name, String dependent) {
    existing("run", name);
    String id = runOutside(dependent, Map.of());
    dependsOn.put(dependent, name);
    return id;
  }

  // --- ContainerRuntime ------------------------------------------------------------------------

  @Override
  public synchronized List<ObservedContainer> ps() {
    call("ps", "");
    return containers.values().stream().map(InMemoryContainer::observed).toList();
  }

  @Override
  public synchronized String run(RunRequest request) {
    ComponentSpec c = request.component();
    String name = request.containerName();
    call("run", name);
    if (!images.containsKey(c.image())) {
      throw new PodmanException(
          List.of("podman", "run", "--name", name, c.image()),
          125,
          PodmanMessages.pullFailed(c.image()));
    }
    for (String secret : secretsOf(request)) {
      if (!secrets.containsKey(secret)) {
        throw new PodmanException(
            List.of("podman", "run", "--name", name, "--secret", secret, c.image()),
            125,
            PodmanMessages.noSuchSecret(secret));
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.SERVICE, request.service());
    labels.put(Labels.COMPONENT, c.name());
    labels.put(Labels.SPEC_HASH, request.specHash());
    labels.put(Labels.COMMIT, request.commit());
    if (!request.node().isEmpty()) {
      labels.put(Labels.NODE, request.node());
    }
    return create(name, labels, c.image(), c.restart(), c.health());
  }

  private String create(
      String name,
      Map<String, String> labels,
      String image,
      RestartPolicy restart,
      Optional<HealthSpec> health) {
    InMemoryContainer existing = containers.get(name);
    if (existing != null) {
      throw new PodmanException(
          List.of("podman", "run", "--name", name, image),
          125,
          PodmanMessages.nameInUse(name, existing.id));
    }
    String id = HexFormat.of().formatHex(sha256(prefix + "/" + (++ids)));
    InMemoryContainer c =
        new InMemoryContainer(id, name, labels, image, images.get(image), restart, health);
    containers.put(name, c);
    emit(RuntimeEvent.CREATE, c);
    start(c);
    return id;
  }

  @Override
  public synchronized void start(String name) {
    InMemoryContainer c = existing("start", name);
    if (!c.running()) {
      c.restartCount = 0; // podman's start by hand sets it back, as run does
      start(c);
    }
  }

  @Override
  public synchronized void stop(String name, Duration timeout) {
    InMemoryContainer c = existing("stop", name);
    if (c.running()) {
      // The test image honours SIGTERM: it exits 0 at once.
      emit(RuntimeEvent.STOP, c);
      c.exit(0);
      died(c, false);
    }
    c.stoppedByUser = true;
  }

  @Override
  public synchronized void stopAndRemove(String name, Duration timeout) {
    call("rm", name);
    refuseIfDependedOn(name);
    // rm --force of a missing container succeeds, as podman's does.
    removed(containers.remove(name));
  }

  /**
   * {@code podman rm --force --ignore --time N name…}, logged as one call {@code rm a b c}: a fault
   * for {@code rm} (or any call) fails it as a whole. A name that fails (a fault injected for
   * {@code rm <name>}, or a container another depends on) stays and the others are removed all the
   * same, as podman does: it then exits 125 and prints only the names it removed; with no failure
   * it exits 0 and a missing name is ignored, so every name is answered.
   */
  @Override
  public synchronized List<String> stopAndRemoveAll(List<String> names, Duration timeout) {
    calls.add("rm " + String.join(" ", names));
    throwFault(f -> "rm".startsWith(f.call));
    List<String> removed = new ArrayList<>();
    boolean anyFailed = false;
    for (String name : names) {
      try {
        throwFault(f -> f.call.equals("rm " + name));
        refuseIfDependedOn(name);
      } catch (PodmanException e) {
        anyFailed = true;
        continue;
      }
      InMemoryContainer c = containers.remove(name);
      removed(c);
      if (c != null) {
        removed.add(name);
      }
    }
    return anyFailed ? removed : List.copyOf(names);
  }

  /** podman's refusal to remove a container another one depends on. */
  private void refuseIfDependedOn(String name) {
    InMemoryContainer c = containers.get(name);
    for (Map.Entry<String, String> d : dependsOn.entrySet()) {
      InMemoryContainer dependent = containers.get(d.getKey());
      if (d.getValue().equals(name) && c != null && dependent != null) {
        throw new PodmanException(
            List.of("podman", "rm", name), 125, PodmanMessages.hasDependents(c.id, dependent.id));
      }
    }
  }

  @Override
  public synchronized void restart(String name, Duration timeout) {
    InMemoryContainer c = existing("restart", name);
    if (c.running()) {
      c.exit(0);
      died(c, false);
    }
    start(c);
  }

  @Override
  public synchronized void remove(String name, boolean force) {
    call("rm", name);
    InMemoryContainer c = containers.get(name);
    if (c == null) {
      if (force) {
        return;
      }
      throw new PodmanException(
          List.of("podman", "rm", name), 1, PodmanMessages.noSuchContainer(name));
    }
    refuseIfDependedOn(name);
    if (c.running() && !force) {
      throw new PodmanException(
          List.of("podman", "rm", name), 2, PodmanMessages.removeRunning(c.id));
    }
    removed(containers.remove(name));
  }

  @Override
  public synchronized String logs(String name, int tail) {
    List<String> lines = existing("logs", name).output;
    List<String> shown =
        tail < 0 ? lines : lines.subList(Math.max(0, lines.size() - tail), lines.size());
    return shown.isEmpty() ? "" : String.join("\n", shown) + "\n";
  }

  @Override
  public synchronized void pull(String image) {
    call("pull", image);
    if (!images.containsKey(image)) {
      throw new PodmanException(
          List.of("podman", "pull", "--quiet", image), 125, PodmanMessages.pullFailed(image));
    }
  }

  @Override
  public synchronized boolean imageExists(String image) {
    call("image exists", image);
    return images.containsKey(image);
  }

  @Override
  public synchronized HealthResult healthcheckRun(String name) {
    call("healthcheck run", name);
    InMemoryContainer c = containers.get(name);
    List<String> argv = List.of("podman", "healthcheck", "run", name);
    if (c == null) {
      throw new PodmanException(argv, 125, PodmanMessages.healthcheckNoSuchContainer(name));
    }
    if (c.health.isEmpty()) {
      return HealthResult.NO_HEALTHCHECK;
    }
    if (!c.running()) {
      throw new PodmanException(argv, 125, PodmanMessages.notRunning(c.id));
    }
    Optional<String> failing = Optional.ofNullable(failingChecks.get(name));
    boolean healthy = c.check(clock.instant(), failing.isPresent());
    events.emit(
        RuntimeEvent.of(RuntimeEvent.HEALTH_STATUS, c.id, c.name, clock.instant())
            .withHealth(c.healthStatus));
    return healthy ? HealthResult.HEALTHY : HealthResult.unhealthy(failing.orElse(""));
  }

  @Override
  public synchronized Optional<String> inspectHealth(String name) {
    call("inspect", name);
    InMemoryContainer c = containers.get(name);
    if (c == null) {
      throw new PodmanException(
          List.of("podman", "container", "inspect", name),
          125,
          PodmanMessages.inspectNoSuchContainer(name));
    }
    return c.healthStatus.isEmpty() ? Optional.empty() : Optional.of(c.healthStatus);
  }

  /**
   * The events since {@code since}, then each as it happens, delivered on the thread of the call
   * that caused it.
   */
  @Override
  public EventStream events(Instant since, String node, Consumer<RuntimeEvent> listener) {
    // As podman's stream: OOMKilled is found out only for the node's own containers.
    return events.follow(
        since,
        e ->
            listener.accept(
                e.oomKilled() && !e.ownedBy(node)
                    ? e.withExit(e.exitCode().orElse(-1), false)
                    : e));
  }

  // --- RuntimeFixture --------------------------------------------------------------------------

  @Override
  public synchronized List<String> secretNames() {
    call("secret ls", "");
    return List.copyOf(secrets.keySet());
  }

  @Override
  public synchronized void createSecret(String name, byte[] value) {
    call("secret create", name);
    if (secrets.containsKey(name)) {
      throw new PodmanException(
          List.of("podman", "secret", "create", name, "-"), 125, PodmanMessages.secretInUse(name));
    }
    secrets.put(name, value.clone());
  }

  @Override
  public synchronized void removeSecret(String name) {
    call("secret rm", name);
    if (secrets.remove(name) == null) {
      throw new PodmanException(
          List.of("podman", "secret", "rm", name), 125, PodmanMessages.noSuchSecret(name));
    }
  }

  /** The value of a podman secret, as a container that mounts it would read it. */
  public synchronized Optional<byte[]> secretValue(String name) {
    return Optional.ofNullable(secrets.get(name)).map(byte[]::clone);
  }

  private static List<String> secretsOf(RunRequest request) {
    var refs = request.component().secrets();
    return refs.names().stream()
        .map(
            n -> net.metacircular.mcp.agent.runtime.PodmanSecretName.of(request.service(), refs, n))
        .toList();
  }

  @Override
  public ContainerRuntime runtime() {
    return this;
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public String image() {
    return TestPodman.IMAGE;
  }

  /** The test image under another tag: the same image id, as {@code podman tag} gives. */
  @Override
  public synchronized String image(String tag) {
    String reference = TestPodman.IMAGE_REPOSITORY + ":" + tag;
    images.putIfAbsent(reference, images.get(TestPodman.IMAGE));
    return reference;
  }

  @Override
  public synchronized List<ObservedContainer> containers() {
    return containers.values().stream()
        .filter(c -> c.name.startsWith(prefix + "-"))
        .map(InMemoryContainer::observed)
        .toList();
  }

  @Override
  public synchronized void removeAll() {
    containers.clear();
    secrets.clear();
    dependsOn.clear();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void start(InMemoryContainer c) {
    c.start(clock.instant());
    emit(RuntimeEvent.START, c);
  }

  private void died(InMemoryContainer c, boolean oom) {
    events.emit(
        RuntimeEvent.of(RuntimeEvent.DIED, c.id, c.name, clock.instant())
            .withExit(c.exitCode, oom)
            .withLabels(c.labels));
  }

  private void removed(InMemoryContainer c) {
    if (c == null) {
      return;
    }
    if (c.running()) {
      c.exit(137);
      died(c, false);
    }
    emit(RuntimeEvent.REMOVE, c);
  }

  private void emit(String action, InMemoryContainer c) {
    events.emit(RuntimeEvent.of(action, c.id, c.name, clock.instant()).withLabels(c.labels));
  }

  /** Logs the call and throws the first matching injected fault, if any. */
  private void call(String call, String subject) {
    String line = subject.isEmpty() ? call : call + " " + subject;
    calls.add(line);
    throwFault(f -> line.startsWith(f.call));
  }

  /** Throws the first injected fault that {@code matches} and has times left, if any. */
  private void throwFault(java.util.function.Predicate<Fault> matches) {
    for (Fault f : faults) {
      if (f.times > 0 && matches.test(f)) {
        f.times--;
        throw f.failure.get();
      }
    }
  }

  /** The named container, after logging the call; podman's "no such container" otherwise. */
  private InMemoryContainer existing(String call, String name) {
    call(call, name);
    return find(name)
        .orElseThrow(
            () ->
                new PodmanException(
                    List.of("podman", call, name), 125, PodmanMessages.noSuchContainer(name)));
  }

  private Optional<InMemoryContainer> find(String name) {
    return Optional.ofNullable(containers.get(name));
  }

  private static String imageId(String image) {
    return HexFormat.of().formatHex(sha256("image/" + image));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
