package net.metacircular.mcp.cli.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.config.NodesText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mcp node add NAME ADDRESS}. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Add a node to mcp.toml (created if missing); comments and formatting are kept.",
      "Example: mcp node add rift rift.example.net:9443"
    })
public final class NodeAddCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The agent's node name.")
  String name;

  @Parameters(index = "1", paramLabel = "ADDRESS", description = "host:port of its HTTPS API.")
  String address;

  @Override
  public Integer call() throws IOException {
    Node.checkName(name).ifPresent(m -> fail(m));
    Node.checkAddress(address).ifPresent(m -> fail(m));
    Path file = common.configFile();
    String text = ConfigLoader.read(file).orElse("");
    CliConfig before = ConfigLoader.parse(file, text, common.env());
    before
        .node(name)
        .ifPresent(
            n ->
                fail(
                    "node "
                        + name
                        + " is already in "
                        + file
                        + " at "
                        + n.address()
                        + "; to change it, mcp node remove "
                        + name
                        + " first"));
    Node node = new Node(name, address);
    String after = NodesText.add(text, node);
    List<Node> expected = new ArrayList<>(before.nodes());
    expected.add(node);
    ConfigEdits.write(file, after, before, expected, common.env());
    common.out().println("added node " + name + " at " + address + " to " + file);
    return ExitCodes.OK;
  }

  private static void fail(String message) {
    throw new CliException(message);
  }
}
