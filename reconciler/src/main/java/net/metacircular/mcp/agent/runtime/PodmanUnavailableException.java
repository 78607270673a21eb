package net.metacircular.mcp.agent.runtime;

import java.util.List;

/** podman could not be started at all: the executable is missing or not executable. */
public final class PodmanUnavailableException extends PodmanException {
  private static final long serialVersionUID = 1L;

  PodmanUnavailableException(String executable, List<String> argv, Throwable cause) {
    super(
        "cannot run podman executable '"
            + executable
            + "' (not found on PATH or not executable; install podman or configure its path): "
            + rootMessage(cause),
        argv,
        NO_EXIT_CODE,
        "",
        cause);
  }

  @Override
  public PodmanFailure failure() {
    return PodmanFailure.transientFailure(getMessage());
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
