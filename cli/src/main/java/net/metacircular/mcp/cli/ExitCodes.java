package net.metacircular.mcp.cli;

/** The exit codes of {@code mcp}, as {@code mcp --help} lists them. */
public final class ExitCodes {
  /** The command did what was asked (including "nothing to do"). */
  public static final int OK = 0;

  /** It failed; the message on stderr says what and what to do. */
  public static final int ERROR = 1;

  /** Unknown command, option or argument (picocli's usage error). */
  public static final int USAGE = 2;

  /**
   * Something is not converged, drifted, out of sync or a service file was rejected: {@code status
   * --check}, {@code sync}, and the changes that wait for convergence.
   */
  public static final int NOT_CONVERGED = 3;

  /** The agent refused the token: UNAUTHENTICATED or PERMISSION_DENIED. */
  public static final int AUTH = 4;

  private ExitCodes() {}
}
