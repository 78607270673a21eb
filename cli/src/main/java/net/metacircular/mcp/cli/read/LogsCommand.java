package net.metacircular.mcp.cli.read;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentClient;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.agent.ServiceLocator;
import net.metacircular.mcp.schema.api.LogsResponse;
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
    LogsResponse logs = agent.get(path, LogsResponse.class);
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
}
