package net.metacircular.mcp.cli.act;

import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.NodeRequest;
import net.metacircular.mcp.cli.agent.NodeResult;
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
    NodeResult<RestartResponse> answer =
        NodeRequest.post(
            common,
            ref.service(),
            null,
            "restart?wait=true",
            new RestartBody(ref.component().orElse(null)),
            RestartResponse.class);
    RestartResponse r = answer.value();
    if (!NodeRequest.printedJson(common, answer, "restart")) {
      Style style = common.style();
      Table t = new Table("CONTAINER", "RESULT", "MESSAGE");
      for (RestartedContainer c : r.containers()) {
        t.row(
            c.container(),
            "done".equals(c.result()) ? style.green(c.result()) : style.red(c.result()),
            c.message());
      }
      common.out().println("restart " + ref + " on node " + answer.node().name());
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
