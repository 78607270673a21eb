package net.metacircular.mcp.agent.runtime;

import java.time.Duration;
import java.util.List;

/**
 * A podman call that did not finish within its timeout; the process was killed. Distinct from a
 * plain failure because the state it left is unknown: the operation may still have happened.
 */
public final class PodmanTimeoutException extends PodmanException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  public PodmanTimeoutException(List<String> argv, Duration timeout, String stderrSoFar) {
    super(
        "podman did not finish within " + timeout + ", killed: " + String.join(" ", argv),
        argv,
        NO_EXIT_CODE,
        stderrSoFar,
        null);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
