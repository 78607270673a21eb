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
import net.metacircular.mcp.schema.api.ContainerInfo;
import net.metacircular.mcp.schema.api.PsResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcp ps}. */
@Command(
    name = "ps",
    mixinStandardHelpOptions = true,
    description = "Live containers of every node (podman, now), with uptime.")
public final class PsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  /** The command with options parsed elsewhere (the CLI's fast path, without picocli's model). */
  public static PsCommand of(CommonOptions common) {
    PsCommand c = new PsCommand();
    c.common = common;
    return c;
  }

  @Override
  public Integer call() {
    List<NodeResult<PsResponse>> all =
        Agents.of(common).all(c -> c.get("/v1/ps", PsResponse.class));
    if (common.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("nodes", all.stream().map(r -> Output.nodeJson(r, "ps")).toList());
      common.out().println(Output.json(m));
    } else {
      Style style = common.style();
      Table t = new Table("NODE", "CONTAINER", "STATE", "UPTIME", "IMAGE", "ID");
      for (NodeResult<PsResponse> r : all) {
        if (!r.ok()) {
          t.row(r.node().name(), "-", style.red(Output.failure(r)));
          continue;
        }
        for (ContainerInfo c : r.value().containers()) {
          String state = c.state();
          if ("running".equals(state)) {
            state = style.green(state);
          } else {
            state = style.yellow(state);
          }
          if (!c.managed()) {
            state += " (foreign)";
          }
          t.row(
              r.node().name(),
              c.name(),
              state,
              c.uptimeSeconds() == null ? "-" : Fmt.duration(c.uptimeSeconds()),
              c.image(),
              c.id() == null ? "" : c.id().substring(0, Math.min(12, c.id().length())));
        }
      }
      common.out().print(t.render(style));
    }
    common.out().flush();
    return Output.failures(common, all);
  }
}
