package net.metacircular.mcp.cli.notify;

import picocli.CommandLine.Command;

/** {@code mcp notify …}: the agents' {@code [[notify]]} receivers of incidents. */
@Command(
    name = "notify",
    mixinStandardHelpOptions = true,
    description =
        "The agents' receivers of incidents ([[notify]] in mcp-agent.toml): test sends each a"
            + " message.",
    subcommands = {NotifyTestCommand.class})
public final class NotifyCommand {}
