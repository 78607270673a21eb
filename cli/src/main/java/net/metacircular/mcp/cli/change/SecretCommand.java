package net.metacircular.mcp.cli.change;

import picocli.CommandLine.Command;

/** {@code mcp secret …}: a service's secrets, {@code secrets/<service>/<name>.age}. */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description =
        "A service's secrets, age-encrypted in the services repository as"
            + " secrets/<service>/<name>.age: set, list, rm.",
    subcommands = {SecretSetCommand.class, SecretListCommand.class, SecretRmCommand.class})
public final class SecretCommand {}
