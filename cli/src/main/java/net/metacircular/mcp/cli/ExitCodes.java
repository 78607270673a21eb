package net.metacircular.mcp.cli;

/**
 * The exit codes of {@code mcp}, one rule for every command, as {@code mcp --help} and
 * docs/reference/cli.md state it.
 */
public final class ExitCodes {
  /** The command did what was asked (including "nothing to do"). */
  public static final int OK = 0;

  /**
   * It could not do its job (a node unreachable, bad config, a push refused); the message on stderr
   * says what and what to do.
   */
  public static final int ERROR = 1;

  /** Unknown command, option or argument (picocli's usage error), an invalid name. */
  public static final int USAGE = 2;

  /**
   * The agent answered but the service is not where it should be: a failed deploy or restart, a
   * conflict, drift, out of sync, not converged, a service file rejected.
   */
  public static final int NOT_CONVERGED = 3;

  /** The agent refused the token: UNAUTHENTICATED or PERMISSION_DENIED. */
  public static final int AUTH = 4;

  private ExitCodes() {}
}
