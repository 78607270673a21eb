package net.metacircular.mcp.agent.apply;

import java.util.Objects;
import net.metacircular.mcp.agent.plan.Action;

/**
 * What became of one action.
 *
 * @param action the action
 * @param result done, failed or skipped
 * @param message for people: what was done, or podman's message when it failed
 */
public record Outcome(Action action, Result result, String message) {
  /** How an action ended. */
  public enum Result {
    DONE,
    FAILED,
    SKIPPED
  }

  public Outcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(message, "message");
  }

  public boolean failed() {
    return result == Result.FAILED;
  }
}
