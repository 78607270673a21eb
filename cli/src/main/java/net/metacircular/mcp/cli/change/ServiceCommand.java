package net.metacircular.mcp.cli.change;

import net.metacircular.mcp.cli.read.ServiceExportCommand;
import net.metacircular.mcp.cli.read.ServiceShowCommand;
import picocli.CommandLine.Command;

/** {@code mcp service …}: one service's definition. */
@Command(
    name = "service",
    mixinStandardHelpOptions = true,
    description =
        "A service's definition: as the agent holds it (show, export) or in services_dir (edit).",
    subcommands = {ServiceShowCommand.class, ServiceEditCommand.class, ServiceExportCommand.class})
public final class ServiceCommand {}
