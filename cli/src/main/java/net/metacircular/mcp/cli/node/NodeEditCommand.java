package net.metacircular.mcp.cli.node;

import java.io.IOException;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcp node edit NAME --address HOST:PORT}. */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    description = {
      "Change a node's address in mcp.toml (a node rebuilt elsewhere, a new port): only the value"
          + " of its address line changes; comments and formatting are kept.",
      "Example: mcp node edit rift --address 192.168.88.190:9443"
    })
public final class NodeEditCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "NAME", description = "The node to change.")
  String name;

  @Option(
      names = "--address",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The new host:port of its HTTPS API.")
  String address;

  @Override
  public Integer call() throws IOException {
    Node.checkAddress(address)
        .ifPresent(
            m -> {
              throw new CliException(m, ExitCodes.USAGE);
            });
    CliConfig before = common.config();
    List<Node> nodes = before.nodes();
    int index =
        ConfigEdits.indexOf(
            before,
            name,
            " (nothing was written)",
            "; add one with mcp node add " + name + " " + address);
    String old = nodes.get(index).address();
    if (old.equals(address)) {
      common.out().println("node " + name + " is already at " + address + " in " + before.file());
      return ExitCodes.OK;
    }
    String text = ConfigLoader.read(before.file()).orElseThrow();
    String after;
    try {
      after = NodesText.setAddress(text, index, address);
    } catch (IllegalArgumentException e) {
      throw ConfigEdits.unsafe(before.file(), "change the address of node " + name);
    }
    List<Node> expected = new ArrayList<>(nodes);
    expected.set(index, new Node(name, address));
    ConfigEdits.write(before.file(), after, before, expected, common.env());
    common
        .out()
        .println("node " + name + ": address " + old + " → " + address + " in " + before.file());
    return ExitCodes.OK;
  }
}
