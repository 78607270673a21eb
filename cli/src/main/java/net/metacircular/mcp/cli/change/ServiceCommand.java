package net.metacircular.mcp.cli.change;

import picocli.CommandLine.Command;

/** {@code mcp service …}: one service's definition. */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description = "A service's definition file in services_dir.",
    subcommands = {ServiceEditCommand.class})
public final class ServiceCommand {}
