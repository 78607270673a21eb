package net.metacircular.mcp.cli.act;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.NodeRequest;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.schema.api.Accepted;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp resume SERVICE|--node NODE}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "End a suspension (mcp suspend): the agent reconciles the service (or the node) at once,"
          + " from the last fetched commit.",
    })
public final class ResumeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
    String service;

    @Option(names = "--node", paramLabel = "NODE", description = "The node's suspension.")
    String node;
  }

  @Override
  public Integer call() {
    NodeResult<Accepted> a =
        NodeRequest.post(common, target.service, target.node, "resume", null, Accepted.class);
    if (!NodeRequest.printedJson(common, a, "resumed")) {
      common.out().println(a.node().name() + ": " + a.value().message());
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
