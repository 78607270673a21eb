package net.metacircular.mcp.agent.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.runtime.ObservedContainer;

/**
 * Looks at a health gate once: each container still waiting runs its health check; one that passed
 * leaves the gate; one that exited, vanished, is unhealthy (podman's streak of failures) or is not
 * healthy by the gate's end fails it, with the evidence (exit code, check output, last log lines).
 * A look that podman fails (hung, erring, or its breaker open) is looked at again, but the gate's
 * end decides: a container still waiting then fails it with podman's last failure, so a podman that
 * fails for the whole {@code health_timeout} fails the gate rather than holding it forever.
 */
final class GateJudge {
  private final HealthWaiter health;
  private final PodmanGuard guard;
  private final SoakJudge evidence;

  GateJudge(HealthWaiter health, PodmanGuard guard, SoakJudge evidence) {
    this.health = health;
    this.guard = guard;
    this.evidence = evidence;
  }

  /** Why the gate failed; empty while it holds (then {@code gate.waiting()} says what is left). */
  Optional<String> failure(Gate gate, Map<String, ObservedContainer> byName, Instant now) {
    for (String name : List.copyOf(gate.waiting())) {
      ObservedContainer o = byName.get(name);
      if (o == null) {
        return Optional.of(name + " is gone (its container was removed)");
      }
      if (!o.running()) {
        return Optional.of(name + " exited (exit code " + o.exitCode() + ")" + evidence.logs(name));
      }
      HealthWaiter.Verdict v;
      try {
        v = guard.call(() -> health.check(name, gate.until()));
      } catch (RuntimeException e) {
        // it may have stopped since podman ps said it ran (the next look sees how it ended), or
        // podman may be failing: then the gate's end decides, quoting podman
        remember(gate, name, e);
        if (now.isBefore(gate.until())) {
          continue;
        }
        return Optional.of(timedOut(gate, name));
      }
      gate.podmanFailures().remove(name);
      switch (v) {
        case HealthWaiter.Verdict.Healthy h -> gate.waiting().remove(name);
        case HealthWaiter.Verdict.Pending p -> {}
        case HealthWaiter.Verdict.Failed f -> {
          return Optional.of(name + " is " + f.reason() + evidence.logs(name));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * {@code <container>: health gate timed out: podman … (health_timeout 8s)}: podman's last failure
   * first, in its words.
   */
  private static String timedOut(Gate gate, String name) {
    long seconds = Duration.between(gate.since(), gate.until()).toSeconds();
    return name
        + ": health gate timed out: "
        + gate.podmanFailures().get(name)
        + " (health_timeout "
        + seconds
        + "s)";
  }

  /** podman's failure as it said it; a breaker's refusal does not hide the failure before it. */
  private static void remember(Gate gate, String name, RuntimeException e) {
    if (e instanceof PodmanGuard.PodmanBackoffException
        && gate.podmanFailures().containsKey(name)) {
      return;
    }
    String m = String.valueOf(e.getMessage());
    gate.podmanFailures().put(name, m.startsWith("podman") ? m : "podman: " + m);
  }
}
