package net.metacircular.mcp.agent.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.rollout.Phase;
import net.metacircular.mcp.agent.rollout.RolloutState;
import net.metacircular.mcp.agent.rollout.Rollouts;

/**
 * After a deploy's cycle: the reconcile loop looks at a deploy's health gate between cycles (so a
 * newer commit can cancel it), so the cycle ends before the gate does. A deploy that waits answers
 * only once the gate is decided, without holding a server thread: the registry is read again each
 * time {@code cycles} says a reconcile cycle ended (a gate is looked at, and decided, only in one),
 * not on a timer.
 */
final class GateWait {
  private GateWait() {}

  /**
   * Completes with the service's rollout state once it is no longer in its health gate, or empty
   * when {@code deadline} passed first (or the API is stopping).
   */
  static CompletableFuture<Optional<RolloutState>> decided(
      Registry registry, EventSignal cycles, String service, Instant deadline) {
    long seen = cycles.seen(); // before the read: a cycle ending in between wakes it at once
    RolloutState s = Rollouts.states(registry).get(service);
    if (s == null || s.phase() != Phase.DEPLOYING || s.until().isEmpty()) {
      return CompletableFuture.completedFuture(Optional.ofNullable(s));
    }
    long left = Duration.between(Instant.now(), deadline).toMillis();
    if (left <= 0 || cycles.closed()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return cycles
        .after(seen)
        .completeOnTimeout(seen, left, TimeUnit.MILLISECONDS)
        .thenCompose(x -> decided(registry, cycles, service, deadline));
  }

  /** Whether the deploy of a cycle started at {@code cycle} failed since (rolled back, failed). */
  static boolean failed(Optional<RolloutState> s, Instant cycle) {
    return s.map(
            r ->
                (r.phase() == Phase.FAILED || r.phase() == Phase.ROLLED_BACK)
                    && !r.since().isBefore(cycle))
        .orElse(false);
  }
}
