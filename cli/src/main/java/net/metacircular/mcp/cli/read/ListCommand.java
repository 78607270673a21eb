package net.metacircular.mcp.cli.read;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.Fmt;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.agent.Output;
import net.metacircular.mcp.cli.output.Style;
import net.metacircular.mcp.cli.output.Table;
import net.metacircular.mcp.schema.api.ComponentInfo;
import net.metacircular.mcp.schema.api.ServiceInfo;
import net.metacircular.mcp.schema.api.ServicesResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcp list}. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description =
        "Services as each node's registry holds them (what was last applied; no runtime query).")
public final class ListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    List<NodeResult<ServicesResponse>> all =
        Agents.of(common).all(c -> c.get("/v1/services", ServicesResponse.class));
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "services")).toList());
      common.out().println(Output.json(m));
    } else {
      Style style = common.style();
      Table t =
          new Table(
              "NODE", "SERVICE", "ACTIVE", "DEPLOY", "COMMIT", "APPLIED", "COMPONENTS", "ERROR");
      for (NodeResult<ServicesResponse> r : all) {
        if (!r.ok()) {
          t.row(r.node().name(), "-", style.red(Output.failure(r)));
          continue;
        }
        for (ServiceInfo s : r.value().services()) {
          t.row(
              r.node().name(),
              s.name(),
              s.active() ? "yes" : style.yellow("no"),
              s.deploy(),
              Fmt.commit(s.appliedCommit()),
              Fmt.time(s.appliedAt()),
              String.join(",", s.components().stream().map(ComponentInfo::name).toList()),
              s.error() == null ? "" : style.red(s.error()));
        }
      }
      common.out().print(t.render(style));
    }
    common.out().flush();
    return Output.failures(common, all);
  }
}
