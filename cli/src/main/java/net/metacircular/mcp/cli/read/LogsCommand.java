package net.metacircular.mcp.cli.read;

import java.util.List;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.schema.api.ComponentInfo;
import net.metacircular.mcp.schema.api.LogsResponse;
import net.metacircular.mcp.schema.api.ServiceDetail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp logs SERVICE[/COMPONENT] [--tail N]}. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "A container's last lines (podman logs on its node); name the component when the service"
            + " has several.")
public final class LogsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE[/COMPONENT]", description = "e.g. metacrypt/api")
  String target;

  @Option(
      names = {"-n", "--tail"},
      paramLabel = "N",
      defaultValue = "100",
      description = "The last N lines (default: ${DEFAULT-VALUE}).")
  int tail;

  @Override
  public Integer call() {
    ServiceRef ref = ServiceRef.parse(target);
    AgentClient agent = ServiceLocator.locate(Agents.of(common), ref.service());
    String path =
        "/v1/services/"
            + ref.service()
            + "/logs?tail="
            + tail
            + ref.component().map(c -> "&component=" + c).orElse("");
    LogsResponse logs;
    try {
      logs = agent.get(path, LogsResponse.class);
    } catch (AgentException e) {
      List<String> names =
          ref.component().isEmpty() && "INVALID_ARGUMENT".equals(e.code())
              ? components(agent, ref.service())
              : List.of();
      if (names.size() > 1) {
        throw new CliException(
            ref.service()
                + " has components "
                + String.join(", ", names)
                + ": name one, e.g. mcp logs "
                + ref.service()
                + "/"
                + names.get(0),
            ExitCodes.USAGE);
      }
      throw e;
    }
    if (common.json()) {
      common.out().println(Output.json(logs));
    } else {
      common.out().print(logs.text());
      if (!logs.text().isEmpty() && !logs.text().endsWith("\n")) {
        common.out().println();
      }
    }
    common.out().flush();
    return ExitCodes.OK;
  }

  /**
   * The components the agent's registry holds for the service, to name them in the form this
   * command takes (not the API's {@code ?component=}) when the agent wants one; none if it cannot
   * say.
   */
  private static List<String> components(AgentClient agent, String service) {
    try {
      ServiceDetail d = agent.get("/v1/services/" + service, ServiceDetail.class);
      return d.service().components().stream().map(ComponentInfo::name).toList();
    } catch (CliException e) {
      return List.of();
    }
  }
}
