package net.metacircular.mcp.agent.api;

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
 * only once the gate is decided, polled here without holding a server thread.
 */
final class GateWait {
  private static final long POLL_MILLIS = 200;

  private GateWait() {}

  /**
   * Completes with the service's rollout state once it is no longer in its health gate, or empty
   * when {@code deadline} passed first.
   */
  static CompletableFuture<Optional<RolloutState>> decided(
      Registry registry, String service, Instant deadline) {
    RolloutState s = Rollouts.states(registry).get(service);
    if (s == null || s.phase() != Phase.DEPLOYING || s.until().isEmpty()) {
      return CompletableFuture.completedFuture(Optional.ofNullable(s));
    }
    if (!Instant.now().isBefore(deadline)) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(
            () -> null, CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
        .thenCompose(x -> decided(registry, service, deadline));
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
