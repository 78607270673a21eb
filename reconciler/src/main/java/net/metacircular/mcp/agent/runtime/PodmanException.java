package net.metacircular.mcp.agent.runtime;

import java.util.List;

/**
 * A podman call that failed: podman exited non-zero, or (as subclasses) did not finish in time or
 * could not be started at all. Its message leads with podman's reason in a sentence ({@link
 * #failure}), then the subcommand, exit code and podman's error line; the whole command line is in
 * {@link #argv} (environment values redacted, since {@code -e K=V} may hold secrets) and in the
 * debug log, not in the message.
 */
public class PodmanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code used when podman never produced one (timeout, not startable). */
  public static final int NO_EXIT_CODE = -1;

  private final List<String> argv;
  private final int exitCode;
  private final String stderr;

  public PodmanException(List<String> argv, int exitCode, String stderr) {
    this(describe(argv, exitCode, stderr), argv, exitCode, stderr, null);
  }

  PodmanException(String message, List<String> argv, int exitCode, String stderr, Throwable cause) {
    super(message, cause);
    this.argv = List.copyOf(argv);
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  /** The argument vector as run, environment values redacted. */
  public List<String> argv() {
    return argv;
  }

  /** podman's exit code, or {@link #NO_EXIT_CODE}. */
  public int exitCode() {
    return exitCode;
  }

  /** What podman wrote to stderr, trimmed; empty when nothing. */
  public String stderr() {
    return stderr;
  }

  /** Why it failed, and whether trying again later can help. */
  public PodmanFailure failure() {
    return stderr.isEmpty()
        ? PodmanFailure.transientFailure(getMessage())
        : PodmanFailure.of(exitCode, stderr);
  }

  /** True when podman said the named container does not exist. */
  public boolean noSuchContainer() {
    return stderr.contains("no such container");
  }

  /** {@code <reason> (podman <subcommand>, exit <code>[: <podman's error line>])}. */
  private static String describe(List<String> argv, int exitCode, String stderr) {
    String reason = PodmanFailure.of(exitCode, stderr).reason();
    String error = PodmanFailure.errorLine(stderr);
    return reason
        + " (podman "
        + subcommand(argv)
        + ", exit "
        + exitCode
        + (error.isEmpty() || error.equals(reason) ? "" : ": " + error)
        + ")";
  }

  /** {@code run}, {@code pull}, {@code container inspect}: what podman was asked to do. */
  static String subcommand(List<String> argv) {
    if (argv.size() < 2) {
      return String.join(" ", argv);
    }
    String first = argv.get(1);
    boolean group = List.of("container", "image", "healthcheck", "network").contains(first);
    return group && argv.size() > 2 ? first + " " + argv.get(2) : first;
  }
}
