package net.metacircular.mcp.cli.node;

import picocli.CommandLine.Command;

/** {@code mcp node list|add|edit|remove}: the {@code [[nodes]]} of mcp.toml. */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "The nodes whose agents mcp talks to ([[nodes]] in mcp.toml).",
    subcommands = {
      NodeListCommand.class,
      NodeAddCommand.class,
      NodeEditCommand.class,
      NodeRemoveCommand.class
    })
public final class NodeCommand {}
