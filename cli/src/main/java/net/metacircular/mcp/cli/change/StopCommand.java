package net.metacircular.mcp.cli.change;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp stop SERVICE}. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {
      "Stop a service: set active = false in its file, commit, push, then sync its node and wait"
          + " until its containers are stopped (--timeout; exit 3 if not, 1 if its node stays unreachable for --unreachable-after).",
      "The agent stops its containers (keeping them) and does not restart them."
    })
public final class StopCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() {
    return SetActive.run(common, push, service, false);
  }
}
