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
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.cli.read.ServiceRef;
import net.metacircular.mcp.schema.api.RestartBody;
import net.metacircular.mcp.schema.api.RestartResponse;
import net.metacircular.mcp.schema.api.RestartResponse.RestartedContainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp restart SERVICE[/COMPONENT]}. */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = {
      "Restart a service's containers (or one component's) in dependency order; desired state"
          + " (active) is unchanged, nothing is committed.",
    })
public final class RestartCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SERVICE[/COMPONENT]", description = "e.g. metacrypt")
  String target;

  @Override
  public Integer call() {
    ServiceRef ref = ServiceRef.parse(target);
    AgentClient agent = ServiceLocator.locate(Agents.of(common), ref.service());
    RestartResponse r =
        agent.post(
            "/v1/services/" + ref.service() + "/restart?wait=true",
            new RestartBody(ref.component().orElse(null)),
            RestartResponse.class);
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", agent.node().name());
      m.put("restart", r);
      common.out().println(Output.json(m));
    } else {
      Style style = common.style();
      Table t = new Table("CONTAINER", "RESULT", "MESSAGE");
      for (RestartedContainer c : r.containers()) {
        t.row(
            c.container(),
            "done".equals(c.result()) ? style.green(c.result()) : style.red(c.result()),
            c.message());
      }
      common.out().println("restart " + ref + " on node " + agent.node().name());
      common.out().print(t.render(style));
    }
    common.out().flush();
    if (r.failed()) {
      common
          .err()
          .println(
              "mcp: a restart failed; see mcp logs " + ref + " and mcp events " + ref.service());
      common.err().flush();
      return ExitCodes.NOT_CONVERGED;
    }
    return ExitCodes.OK;
  }
}
