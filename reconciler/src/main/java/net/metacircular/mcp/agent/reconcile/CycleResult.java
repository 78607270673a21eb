package net.metacircular.mcp.agent.reconcile;

import java.time.Instant;
import java.util.List;
import net.metacircular.mcp.agent.apply.Outcome;

/**
 * What one reconcile did.
 *
 * @param revision the source revision reconciled to
 * @param startedAt when it began
 * @param outcomes each action and how it ended; empty for a no-op cycle
 * @param rejections service files refused at this revision
 */
public record CycleResult(
    String revision, Instant startedAt, List<Outcome> outcomes, List<Rejection> rejections) {
  public CycleResult {
    outcomes = List.copyOf(outcomes);
    rejections = List.copyOf(rejections);
  }

  public boolean failed() {
    return outcomes.stream().anyMatch(Outcome::failed);
  }
}
