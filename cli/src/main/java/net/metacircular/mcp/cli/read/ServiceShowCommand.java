package net.metacircular.mcp.cli.read;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.schema.api.ServiceDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp service show SERVICE}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description =
        "The service's definition as the agent that runs it holds it (its last good spec); the"
            + " local file is cat ~/.config/mcp/services/SERVICE.toml.")
public final class ServiceShowCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE", description = "e.g. metacrypt")
  String service;

  @Override
  public Integer call() {
    ServiceDetail d = fetch(Agents.of(common), service);
    if (common.json()) {
      common.out().println(Output.json(d));
    } else {
      common.out().print(d.specToml());
      if (!d.specToml().endsWith("\n")) {
        common.out().println();
      }
    }
    common.out().flush();
    return ExitCodes.OK;
  }

  /** The agent's view of the service, from the node that has it. */
  static ServiceDetail fetch(Agents agents, String service) {
    var agent = ServiceLocator.locate(agents, service);
    try {
      return agent.get("/v1/services/" + service, ServiceDetail.class);
    } catch (AgentException e) {
      if (!e.notFound()) {
        throw e;
      }
      // The local file may name a node that does not have it (yet): ask them all.
      var other = ServiceLocator.ask(agents, service);
      return other.get("/v1/services/" + service, ServiceDetail.class);
    }
  }
}
