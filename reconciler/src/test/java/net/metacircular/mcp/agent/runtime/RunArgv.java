package net.metacircular.mcp.agent.runtime;

import java.util.List;

/**
 * The exact arguments the agent gives {@code podman run} for a request, for tests and benchmarks
 * outside this package that must issue the same command (e.g. the shell-script baseline).
 */
public final class RunArgv {
  private RunArgv() {}

  /** {@code podman}'s arguments, without the executable: {@code run --detach --name …}. */
  public static List<String> of(RunRequest request) {
    return RunCommand.arguments(request);
  }
}
