package net.metacircular.mcp.cli.repo;

/** How a push ended, with git's words for the failures. */
public record PushResult(Status status, String detail) {
  public enum Status {
    PUSHED,
    /** The remote has commits the clone does not: pull (rebase) and push again. */
    REMOTE_MOVED,
    /** The server refused it (a hook, a protected branch). */
    REFUSED,
    /** Anything else: unreachable, authentication, … */
    FAILED
  }
}
