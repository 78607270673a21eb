package net.metacircular.mcp.agent.runtime;

import static java.util.stream.Collectors.toSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's only door to podman. Every operation is one podman child process with an argument
 * vector (never a shell), a timeout, and the environment of {@link PodmanSettings}; nothing here
 * assumes root, so it works the same for a rootless agent. Failures are {@link PodmanException}
 * (podman exited non-zero), {@link PodmanTimeoutException} or {@link PodmanUnavailableException}.
 * Thread-safe: it holds no mutable state.
 */
public final class Podman implements ContainerRuntime {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PodmanSettings settings;
  private final PodmanProcess process;

  public Podman(PodmanSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.process = new PodmanProcess(settings);
  }

  public PodmanSettings settings() {
    return settings;
  }

  /** podman's version, from {@code podman info}: proves podman runs with this environment. */
  public String version() {
    return process
        .call(List.of("info", "--format", "{{.Version.Version}}"))
        .orThrow()
        .stdout()
        .trim();
  }

  /**
   * Every container, managed or not, in one {@code podman ps -a --format json}: the planner needs
   * foreign containers that hold managed names too.
   */
  @Override
  public List<ObservedContainer> ps() {
    PodmanProcess.Outcome out = process.call(List.of("ps", "--all", "--format", "json")).orThrow();
    try {
      return PsJson.parse(out.stdout());
    } catch (IllegalArgumentException e) {
      throw new PodmanException(e.getMessage(), out.argv(), out.exitCode(), out.stderr(), e);
    }
  }

  /**
   * Creates and starts the component's container {@code <service>-<component>}, labelled as
   * managed. May pull the image when it is missing, so it runs under the pull timeout.
   *
   * @return the new container's id
   */
  @Override
  public String run(RunRequest request) {
    PodmanProcess.Outcome out =
        process.call(RunCommand.arguments(request), settings.pullTimeout(), false).orThrow();
    List<String> lines = out.stdout().strip().lines().toList();
    if (lines.isEmpty()) {
      throw new PodmanException(
          "podman run printed no container id", out.argv(), out.exitCode(), out.stderr(), null);
    }
    return lines.get(lines.size() - 1).strip();
  }

  @Override
  public void start(String name) {
    process.call(List.of("start", container(name))).orThrow();
  }

  /** {@code podman stop -t N}: SIGTERM, then SIGKILL after {@code timeout} (whole seconds, up). */
  @Override
  public void stop(String name, Duration timeout) {
    withStopTime(timeout, name, "stop");
  }

  /**
   * {@code podman rm --force --time N}: stops a running container as {@link #stop} would (SIGTERM,
   * then SIGKILL after N seconds) and removes it, in one call instead of two.
   */
  @Override
  public void stopAndRemove(String name, Duration timeout) {
    long seconds = RunCommand.wholeSecondsRoundedUp(timeout);
    List<String> args = List.of("rm", "--force", "--time", Long.toString(seconds), container(name));
    PodmanProcess.Outcome out = process.call(args, settings.timeout().plusSeconds(seconds), false);
    if (!out.succeeded() && out.stderr().contains(RACED_STOP)) {
      // A container that ends on SIGTERM just as podman's SIGKILL follows makes runc's kill fail
      // ("could not be stopped ... runc kill ... 9 failed", podman 4.3.1, seen once in 500 removals
      // under load): the container has stopped by then, so the same removal goes through.
      out = process.call(args, settings.timeout().plusSeconds(seconds), false);
    }
    out.orThrow();
  }

  /**
   * One {@code podman rm --force --ignore --time N name…}. {@code --ignore} because podman 4.3.1,
   * given {@code --force} alone, removes none of the names when one is missing, prints nothing and
   * exits 0; with it, a missing name is skipped and the others go. podman prints each name it
   * removed (in any order); it exits 0 when no name failed, and 125 when one did, with an {@code
   * Error:} line for each on stderr, having removed the others all the same.
   */
  @Override
  public List<String> stopAndRemoveAll(List<String> names, Duration timeout) {
    if (names.isEmpty()) {
      return List.of();
    }
    long seconds = RunCommand.wholeSecondsRoundedUp(timeout);
    List<String> args =
        new ArrayList<>(List.of("rm", "--force", "--ignore", "--time", Long.toString(seconds)));
    names.forEach(n -> args.add(container(n)));
    // podman stops the containers side by side, so the stop time counts once; a removal itself
    // takes podman about 0.1 s here, so each name adds a second of allowance under load.
    Duration limit = settings.timeout().plusSeconds(seconds + names.size());
    PodmanProcess.Outcome out = process.call(args, limit, false);
    if (out.succeeded()) {
      return List.copyOf(names); // each removed, or gone already (ignored): both are what was asked
    }
    Set<String> printed = out.stdout().lines().map(String::strip).collect(toSet());
    return names.stream().filter(printed::contains).toList();
  }

  /** podman's words when its SIGKILL raced the container's own exit (see stopAndRemove). */
  private static final String RACED_STOP = "could not be stopped";

  /** {@code podman restart -t N}. */
  @Override
  public void restart(String name, Duration timeout) {
    withStopTime(timeout, name, "restart");
  }

  /** A command that may stop the container: podman's own timeout is extended by the stop's. */
  private void withStopTime(Duration stopTimeout, String name, String... command) {
    long seconds = RunCommand.wholeSecondsRoundedUp(stopTimeout);
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--time", Long.toString(seconds), container(name)));
    process.call(args, settings.timeout().plusSeconds(seconds), false).orThrow();
  }

  /**
   * Removes a container. Without {@code force} podman refuses a running one (stop it first for a
   * graceful end); with it, a running container is killed at once ({@code rm -f -t 0}).
   */
  @Override
  public void remove(String name, boolean force) {
    List<String> args = new ArrayList<>(List.of("rm"));
    if (force) {
      args.addAll(List.of("--force", "--time", "0"));
    }
    args.add(container(name));
    process.call(args).orThrow();
  }

  /**
   * The last {@code tail} lines of the container's output, stdout and stderr interleaved as podman
   * gives them; a negative {@code tail} means all.
   */
  @Override
  public String logs(String name, int tail) {
    return process
        .call(
            List.of("logs", "--tail", Integer.toString(Math.max(tail, -1)), container(name)),
            settings.timeout(),
            true)
        .orThrow()
        .stdout();
  }

  @Override
  public void pull(String image) {
    process
        .call(List.of("pull", "--quiet", PodmanNames.image(image)), settings.pullTimeout(), false)
        .orThrow();
  }

  @Override
  public boolean imageExists(String image) {
    PodmanProcess.Outcome out = process.call(List.of("image", "exists", PodmanNames.image(image)));
    if (out.exitCode() == 1) {
      return false;
    }
    out.orThrow();
    return true;
  }

  /** Gives {@code image} the further name {@code newName} ({@code podman tag}). */
  public void tag(String image, String newName) {
    process.call(List.of("tag", PodmanNames.image(image), PodmanNames.image(newName))).orThrow();
  }

  /**
   * Runs the container's healthcheck once, now. Needed because podman's own health timers need
   * systemd, which nodes like ours lack; the status it records is what {@link #inspectHealth} reads
   * afterwards.
   */
  @Override
  public HealthResult healthcheckRun(String name) {
    PodmanProcess.Outcome out = process.call(List.of("healthcheck", "run", container(name)));
    if (out.succeeded()) {
      return HealthResult.HEALTHY;
    }
    if (out.exitCode() == 1) {
      return HealthResult.unhealthy(lastHealthOutput(name));
    }
    if (out.stderr().contains("no defined healthcheck")) {
      return HealthResult.NO_HEALTHCHECK;
    }
    throw new PodmanException(out.argv(), out.exitCode(), out.stderr());
  }

  /**
   * podman's health status ({@code starting}, {@code healthy}, {@code unhealthy}); empty when the
   * container has no healthcheck. podman 4.3 answers both {@code .State.Health} and {@code
   * .State.Healthcheck}; the former is also what later versions keep.
   */
  @Override
  public Optional<String> inspectHealth(String name) {
    String status = inspect(name, "{{.State.Health.Status}}").strip();
    return status.isEmpty() ? Optional.empty() : Optional.of(status);
  }

  @Override
  public int restartCount(String name) {
    return Integer.parseInt(inspect(name, "{{.RestartCount}}").strip());
  }

  /** {@code podman container inspect --format <goTemplate>}: one value of one container. */
  public String inspect(String name, String goTemplate) {
    return process
        .call(List.of("container", "inspect", "--format", goTemplate, container(name)))
        .orThrow()
        .stdout();
  }

  /**
   * {@code podman events --format json --filter type=container --since <since>}, followed as a
   * child process. Needs an events logger podman can read back ({@code events_logger = "file"} in
   * containers.conf on nodes without journald); with {@code "none"} it exits at once. One {@code
   * container inspect} per death of a container {@code node} owns, none for any other's.
   */
  @Override
  public EventStream events(
      java.time.Instant since, String node, java.util.function.Consumer<RuntimeEvent> listener) {
    return PodmanEventStream.start(settings, since, node, listener, this::oomKilled);
  }

  /** {@code .State.OOMKilled}; false when it cannot be read (the container is already gone). */
  private boolean oomKilled(String id) {
    try {
      return Boolean.parseBoolean(inspect(id, "{{.State.OOMKilled}}").strip());
    } catch (PodmanException e) {
      return false;
    }
  }

  /** The output of the most recent health check; best effort, since it only explains a failure. */
  private String lastHealthOutput(String name) {
    try {
      JsonNode log = JSON.readTree(inspect(name, "{{json .State.Health.Log}}"));
      return log.isArray() && !log.isEmpty()
          ? log.get(log.size() - 1).path("Output").asText("")
          : "";
    } catch (JsonProcessingException | PodmanException e) {
      return "";
    }
  }

  private static String container(String name) {
    return PodmanNames.container(name, "container name");
  }

  @Override
  public List<String> secretNames() {
    // podman 4.3's "secret ls --format json" prints the word json: a template it is.
    String out = process.call(List.of("secret", "ls", "--format", "{{.Name}}")).orThrow().stdout();
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  @Override
  public void createSecret(String name, byte[] value) {
    process
        .callWithInput(
            List.of("secret", "create", PodmanNames.container(name, "secret name"), "-"), value)
        .orThrow();
  }

  @Override
  public void removeSecret(String name) {
    process.call(List.of("secret", "rm", PodmanNames.container(name, "secret name"))).orThrow();
  }
}
