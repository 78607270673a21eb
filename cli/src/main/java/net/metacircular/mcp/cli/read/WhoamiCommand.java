package net.metacircular.mcp.cli.read;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.schema.api.WhoamiResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcp whoami}. */
@Command(
    name = "whoami",
    mixinStandardHelpOptions = true,
    description = {
      "Who your token is on each node (GET /v1/whoami): its name, its role (admin may change,"
          + " read may only query) and where the agent found it (tokens-file or mcias).",
      "Exits 1 if a node could not be reached, 4 if a node refused the token.",
    })
public final class WhoamiCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Agents agents = Agents.of(common);
    List<NodeResult<WhoamiResponse>> all =
        agents.all(c -> c.get("/v1/whoami", WhoamiResponse.class));
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token_file", agents.config().tokenFile().toString());
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "whoami")).toList());
      common.out().println(Output.json(m));
    } else {
      Style style = common.style();
      Table t = new Table("NODE", "NAME", "ROLE", "SOURCE");
      for (NodeResult<WhoamiResponse> r : all) {
        if (!r.ok()) {
          t.row(r.node().name(), "-", style.red(Output.failure(r)), "-");
          continue;
        }
        WhoamiResponse w = r.value();
        t.row(
            r.node().name(),
            w.name(),
            w.role().equals("admin") ? w.role() : style.yellow(w.role()),
            w.via());
      }
      common.out().print(t.render(style));
    }
    common.out().flush();
    return Output.failures(common, all);
  }
}
