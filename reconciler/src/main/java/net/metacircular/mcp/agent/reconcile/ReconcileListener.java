package net.metacircular.mcp.agent.reconcile;

import java.time.Duration;

/**
 * Told by the {@link ReconcileLoop} what each cycle and fetch did, on the loop's thread: for
 * metrics and liveness. Implementations must be quick and must not call back into the loop;
 * anything they throw is logged and ignored.
 */
public interface ReconcileListener {
  /** A cycle ran to its end (some actions may have failed: {@link CycleResult#failed()}). */
  default void cycleFinished(CycleResult result, Duration took) {}

  /** A cycle could not run (e.g. the source was never read) or broke off. */
  default void cycleFailed(Exception error, Duration took) {}

  /** A fetch succeeded. */
  default void fetched(String revision) {}

  /** A fetch failed; the loop goes on with its last snapshot, if it has one. */
  default void fetchFailed(String message) {}
}
