package net.metacircular.mcp.cli.act;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.cli.repo.ServicesRepo;
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
    AgentClient agent;
    String path;
    if (target.service != null) {
      ServicesRepo.requireName(target.service);
      agent = ServiceLocator.locate(Agents.of(common), target.service);
      path = "/v1/services/" + target.service + "/resume";
    } else {
      agent = Agents.of(common).client(target.node);
      path = "/v1/resume";
    }
    Accepted a = agent.post(path, null, Accepted.class);
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("resumed", a);
      common.out().println(Output.json(m));
    } else {
      common.out().println(agent.node().name() + ": " + a.message());
    }
    common.out().flush();
    return ExitCodes.OK;
  }
}
