package net.metacircular.mcp.cli.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.output.Json;
import net.metacircular.mcp.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mcp node list}. */
@Command(
    name = "list",
    aliases = "ls",
    mixinStandardHelpOptions = true,
    description = "List the configured nodes and their addresses.")
public final class NodeListCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    CliConfig config = common.config();
    if (common.json()) {
      List<Map<String, Object>> nodes = config.nodes().stream().map(NodeListCommand::json).toList();
      common.out().println(Json.write(nodes));
      return ExitCodes.OK;
    }
    if (config.nodes().isEmpty()) {
      common
          .out()
          .println("no nodes in " + config.file() + "; add one with: mcp node add NAME HOST:PORT");
      return ExitCodes.OK;
    }
    Table table = new Table("NODE", "ADDRESS");
    for (Node n : config.nodes()) {
      table.row(n.name(), n.address());
    }
    common.out().print(table.render(common.style()));
    return ExitCodes.OK;
  }

  private static Map<String, Object> json(Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", n.name());
    m.put("address", n.address());
    return m;
  }
}
