package net.metacircular.mcp.agent.runtime;

import java.util.List;

/**
 * A podman call that failed: podman exited non-zero, or (as subclasses) did not finish in time or
 * could not be started at all. Carries what an operator needs to see why: the argument vector (with
 * environment values redacted, since {@code -e K=V} may hold secrets), podman's exit code and its
 * stderr.
 */
public class PodmanException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit code used when podman never produced one (timeout, not startable). */
  public static final int NO_EXIT_CODE = -1;

  private final List<String> argv;
  private final int exitCode;
  private final String stderr;

  public PodmanException(List<String> argv, int exitCode, String stderr) {
    this(
        "podman failed (exit " + exitCode + "): " + String.join(" ", argv) + describe(stderr),
        argv,
        exitCode,
        stderr,
        null);
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

  /** True when podman said the named container does not exist. */
  public boolean noSuchContainer() {
    return stderr.contains("no such container");
  }

  private static String describe(String stderr) {
    return stderr.isEmpty() ? "" : ": " + stderr;
  }
}
