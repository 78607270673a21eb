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
        "podman "
            + subcommand(argv)
            + " did not finish within "
            + timeout
            + " and was killed (the operation may still have happened)",
        argv,
        NO_EXIT_CODE,
        stderrSoFar,
        null);
    this.timeout = timeout;
  }

  @Override
  public PodmanFailure failure() {
    return PodmanFailure.transientFailure(getMessage());
  }

  public Duration timeout() {
    return timeout;
  }
}
