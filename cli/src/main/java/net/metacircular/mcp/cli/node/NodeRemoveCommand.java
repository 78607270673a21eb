package net.metacircular.mcp.cli.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.config.NodesText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp node remove NAME}. */
@Command(
    name = "remove",
    aliases = "rm",
    mixinStandardHelpOptions = true,
    description =
        "Remove a node from mcp.toml: exactly its [[nodes]] block; the rest stays as it is."
            + " Its agent and containers are not touched.")
public final class NodeRemoveCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The node to remove.")
  String name;

  @Override
  public Integer call() throws IOException {
    CliConfig before = common.config();
    List<Node> nodes = before.nodes();
    int index = ConfigEdits.indexOf(before, name, "", "");
    String text = ConfigLoader.read(before.file()).orElseThrow();
    String after;
    try {
      after = NodesText.remove(text, index);
    } catch (IllegalArgumentException e) {
      throw ConfigEdits.unsafe(before.file(), "remove node " + name);
    }
    List<Node> expected = new ArrayList<>(nodes);
    expected.remove(index);
    ConfigEdits.write(before.file(), after, before, expected, common.env());
    common.out().println("removed node " + name + " from " + before.file());
    return ExitCodes.OK;
  }
}
