package net.metacircular.mcp.agent.runtime;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the agent reaches podman.
 *
 * @param executable the podman executable: a path, or a name looked up on PATH; a wrapping shim may
 *     stand here
 * @param environment variables added to (or overriding) the agent's own environment for every
 *     podman child, e.g. {@code CONTAINERS_CONF}; the agent's own HOME, PATH and XDG_RUNTIME_DIR
 *     are kept because rootless podman needs them
 * @param timeout the limit for one ordinary call
 * @param pullTimeout the limit for calls that may download an image ({@code pull}, {@code run})
 */
public record PodmanSettings(
    String executable, Map<String, String> environment, Duration timeout, Duration pullTimeout) {

  public static final String DEFAULT_EXECUTABLE = "podman";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(10);

  public PodmanSettings {
    Objects.requireNonNull(executable, "executable");
    if (executable.isBlank()) {
      throw new IllegalArgumentException("podman executable must not be blank");
    }
    environment = Map.copyOf(environment);
    requirePositive(timeout, "timeout");
    requirePositive(pullTimeout, "pullTimeout");
  }

  /** podman from PATH, default timeouts, and the given extra environment. */
  public static PodmanSettings defaults(Map<String, String> environment) {
    return new PodmanSettings(
        DEFAULT_EXECUTABLE, environment, DEFAULT_TIMEOUT, DEFAULT_PULL_TIMEOUT);
  }

  public PodmanSettings withExecutable(String newExecutable) {
    return new PodmanSettings(newExecutable, environment, timeout, pullTimeout);
  }

  public PodmanSettings withTimeout(Duration newTimeout) {
    return new PodmanSettings(executable, environment, newTimeout, pullTimeout);
  }

  private static void requirePositive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("podman " + what + " must be positive, got " + d);
    }
  }
}
