package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * Looks at a soaking service once: a component that exited (but a {@code restart = "no"} one-shot
 * that exited 0), restarted, vanished or is unhealthy fails the soak, with the evidence (exit code,
 * the last lines of its log, the health check's output). Runs each health check itself when due,
 * since podman's own timers need systemd.
 */
final class SoakJudge {
  /** How many lines of a failed container's log the evidence quotes. */
  static final int LOG_LINES = 5;

  private final ContainerRuntime podman;
  private final PodmanGuard guard;

  SoakJudge(ContainerRuntime podman, PodmanGuard guard) {
    this.podman = podman;
    this.guard = guard;
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
      Soak.Baseline b = soak.baseline().get(c.name());
      if (b != null && (!b.id().equals(o.id()) || !b.startedAt().equals(o.startedAt()))) {
        // podman 4.3.1 resets ExitCode to 0 when its restart policy starts the container again:
        // a 0 there says nothing about the run that ended, so it is not quoted as its exit code.
        return Optional.of(
            name
                + " restarted"
                + (o.exitCode() == 0 ? "" : " (exit code of its last run " + o.exitCode() + ")")
                + logs(name));
      }
      Optional<String> unhealthy = health(soak, c, name, now);
      if (unhealthy.isPresent()) {
        return unhealthy;
      }
    }
    return Optional.empty();
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
