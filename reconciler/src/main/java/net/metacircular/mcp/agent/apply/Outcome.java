package net.metacircular.mcp.agent.apply;

import java.util.Objects;
import net.metacircular.mcp.agent.plan.Action;

/**
 * What became of one action.
 *
 * @param action the action
 * @param result done, failed, skipped, or waiting for its retry
 * @param message for people: what was done, or podman's message when it failed
 */
public record Outcome(Action action, Result result, String message) {
  /** How an action ended. */
  public enum Result {
    DONE,
    FAILED,
    SKIPPED,
    /** Not tried: its component failed before and its next retry is not due yet. */
    WAITING
  }

  public Outcome {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(message, "message");
  }

  /** Failed now, or failed before and waiting for its retry: not where it should be. */
  public boolean failed() {
    return result == Result.FAILED || result == Result.WAITING;
  }

  /** Whether it changed something, or tried to: not a wait. */
  public boolean tried() {
    return result != Result.WAITING;
  }
}
