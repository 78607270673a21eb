package net.metacircular.mcp.agent.rollout;

import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.HealthWaiter;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.runtime.ObservedContainer;

/**
 * Looks at a health gate once: each container still waiting runs its health check; one that passed
 * leaves the gate; one that exited, vanished, is unhealthy (podman's streak of failures) or is not
 * healthy by the gate's end fails it, with the evidence (exit code, check output, last log lines).
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
  Optional<String> failure(Gate gate, Map<String, ObservedContainer> byName) {
    for (String name : java.util.List.copyOf(gate.waiting())) {
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
        continue; // it stopped since podman ps said it ran: the next look sees how it ended
      }
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
}
