package net.metacircular.mcp.cli.change;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.PushOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp start SERVICE}. */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description = {
      "Start a stopped service: set active = true in its file, commit, push, then sync its node"
          + " and wait until its containers run (--timeout; exit 3 if not, 1 if its node stays unreachable for --unreachable-after).",
      "The agent starts its containers again."
    })
public final class StartCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @Mixin PushOptions push;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() {
    return SetActive.run(common, push, service, true);
  }
}
