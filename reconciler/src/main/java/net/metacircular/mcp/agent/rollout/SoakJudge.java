package net.metacircular.mcp.agent.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.events.LastExits;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * Looks at a soaking service once: a component that exited (but a {@code restart = "no"} one-shot
 * that exited 0), was restarted by podman (its {@code RestartCount} went up), was replaced (a new
 * container id), vanished or is unhealthy fails the soak, with the evidence (exit code, the last
 * lines of its log, the health check's output). Runs each health check itself when due, since
 * podman's own timers need systemd.
 */
final class SoakJudge {
  /** How many lines of a failed container's log the evidence quotes. */
  static final int LOG_LINES = 5;

  /**
   * How long after podman restarted a container the verdict waits for its {@code died} event (the
   * exit code): podman writes it before the restart, the agent reads it a moment later.
   */
  static final Duration DIED_EVENT_GRACE = Duration.ofSeconds(3);

  private final ContainerRuntime podman;
  private final PodmanGuard guard;
  private final LastExits exits;

  /**
   * @param exits the exit codes of podman's died events: after podman restarted a container, its
   *     inspect says exit code 0 (podman 4.3.1 sets it back), the event still has the real one
   */
  SoakJudge(ContainerRuntime podman, PodmanGuard guard, LastExits exits) {
    this.podman = podman;
    this.guard = guard;
    this.exits = exits;
  }

  /** Each component's container as a soak of {@code spec} begins: its id and restart count. */
  Map<String, Soak.Baseline> baseline(ServiceSpec spec, Map<String, ObservedContainer> byName) {
    Map<String, Soak.Baseline> out = new TreeMap<>();
    for (ComponentSpec c : spec.components()) {
      String name = ServiceSpec.containerName(spec.name(), c.name());
      ObservedContainer o = byName.get(name);
      OptionalInt count = o == null ? OptionalInt.empty() : restartCount(name);
      if (count.isPresent()) {
        out.put(c.name(), new Soak.Baseline(o.id(), count.getAsInt()));
      }
    }
    return out;
  }

  /** Why the soak failed; empty while it holds. */
  Optional<String> failure(
      Soak soak, ServiceSpec spec, Map<String, ObservedContainer> byName, Instant now) {
    for (ComponentSpec c : spec.components()) {
      String name = ServiceSpec.containerName(spec.name(), c.name());
      ObservedContainer o = byName.get(name);
      if (o == null) {
        return Optional.of(name + " is gone (its container was removed)");
      }
      if (!o.running()) {
        if (c.restart().kind() == RestartPolicy.Kind.NO && o.exitCode() == 0) {
          continue; // a one-shot that did its job
        }
        return Optional.of(name + " exited (exit code " + o.exitCode() + ")" + logs(name));
      }
      Optional<String> restarted = restarted(soak, c, name, o, now);
      if (restarted.isPresent()) {
        return restarted;
      }
      Optional<String> unhealthy = health(soak, c, name, now);
      if (unhealthy.isPresent()) {
        return unhealthy;
      }
    }
    return Optional.empty();
  }

  /** A new container under the name, or a restart by podman's restart policy. */
  private Optional<String> restarted(
      Soak soak, ComponentSpec c, String name, ObservedContainer o, Instant now) {
    Soak.Baseline b = soak.baseline().get(c.name());
    if (b == null) {
      return Optional.empty(); // its restart count could not be read as the soak began
    }
    if (!b.id().equals(o.id())) {
      return Optional.of(
          name
              + " was replaced (container "
              + shortId(b.id())
              + " is now "
              + shortId(o.id())
              + ")"
              + logs(name));
    }
    OptionalInt count = restartCount(name);
    if (count.isEmpty() || count.getAsInt() <= b.restartCount()) {
      return Optional.empty(); // lower: started again by hand, which sets it back to 0
    }
    // podman 4.3.1 sets ExitCode to 0 when its restart policy starts the container again: the
    // exit code of the run that ended is the died event's (none seen while the agent was down).
    Optional<LastExits.Exit> exit = exits.of(o.id()).filter(x -> !x.at().isBefore(soak.since()));
    if (exit.isEmpty() && waitForDiedEvent(soak, c, o, now)) {
      return Optional.empty(); // its died event is on its way: the next look tells with it
    }
    String times = " (RestartCount " + b.restartCount() + " -> " + count.getAsInt() + ")";
    return Optional.of(
        exit.map(x -> name + " exited (exit code " + x.code() + ") and podman restarted it" + times)
                .orElse(name + " restarted" + times)
            + logs(name));
  }

  /**
   * Whether podman restarted it a moment ago and the verdict may wait for its died event: at most
   * {@link #DIED_EVENT_GRACE} from the first look that saw it (a fast crash loop restarts it again
   * and again, and a node's event stream may be down).
   */
  private static boolean waitForDiedEvent(
      Soak soak, ComponentSpec c, ObservedContainer o, Instant now) {
    boolean justRestarted =
        o.startedAt().map(started -> now.isBefore(started.plus(DIED_EVENT_GRACE))).orElse(false);
    Instant seen = soak.restartSeen().computeIfAbsent(c.name(), k -> now);
    return justRestarted && now.isBefore(seen.plus(DIED_EVENT_GRACE));
  }

  private OptionalInt restartCount(String name) {
    try {
      return OptionalInt.of(guard.call(() -> podman.restartCount(name)));
    } catch (PodmanException e) {
      return OptionalInt.empty(); // gone since ps, or podman failed: the next look tells
    }
  }

  private static String shortId(String id) {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }

  private Optional<String> health(Soak soak, ComponentSpec c, String name, Instant now) {
    if (c.health().isEmpty()) {
      return Optional.empty();
    }
    Instant due = soak.nextCheck().getOrDefault(c.name(), soak.since());
    if (now.isBefore(due)) {
      return Optional.empty();
    }
    soak.nextCheck().put(c.name(), now.plus(c.health().get().interval()));
    HealthResult r = guard.call(() -> podman.healthcheckRun(name));
    if (r.healthy() || r.status() == HealthResult.Status.NO_HEALTHCHECK) {
      return Optional.empty();
    }
    if (guard.call(() -> podman.inspectHealth(name)).orElse("").equals("unhealthy")) {
      String out = r.output().strip();
      return Optional.of(name + " is unhealthy" + (out.isEmpty() ? "" : ": " + out));
    }
    return Optional.empty();
  }

  /** The last lines of its log, for the evidence of a failure; empty when there are none. */
  String logs(String name) {
    try {
      String tail = guard.call(() -> podman.logs(name, LOG_LINES)).strip();
      return tail.isEmpty() ? "" : "; its last log lines: " + tail.replace("\n", " | ");
    } catch (RuntimeException e) {
      return ""; // the evidence is a courtesy: a log that cannot be read fails nothing
    }
  }
}
