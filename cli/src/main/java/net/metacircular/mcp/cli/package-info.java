/**
 * mcp: the operator's command line.
 *
 * <p>{@link net.metacircular.mcp.cli.McpCommand} is the root; each subcommand is a {@code
 * Callable<Integer>} in a package by feature ({@code change}: stop, start, service edit, rollback;
 * {@code node}; {@code validate}) with the {@link net.metacircular.mcp.cli.CommonOptions} mixin
 * (and {@link net.metacircular.mcp.cli.PushOptions} where it pushes). Commands print only through
 * the mixin's {@code out()}/{@code err()}, read the config only through its {@code config()}, and
 * fail by throwing {@link net.metacircular.mcp.cli.CliException}, whose message the error handler
 * prints as {@code mcp: <message>} with its exit code ({@link net.metacircular.mcp.cli.ExitCodes}).
 * Everything taken from the process (home, environment, stdin, terminal) is the injected {@link
 * net.metacircular.mcp.cli.CliEnv}; after a push, {@link net.metacircular.mcp.cli.AfterPush} runs.
 */
package net.metacircular.mcp.cli;
