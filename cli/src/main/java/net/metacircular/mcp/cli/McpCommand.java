package net.metacircular.mcp.cli;

import java.util.Objects;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.act.Converge;
import net.metacircular.mcp.cli.act.DeployCommand;
import net.metacircular.mcp.cli.act.DiffCommand;
import net.metacircular.mcp.cli.act.PullCommand;
import net.metacircular.mcp.cli.act.PushCommand;
import net.metacircular.mcp.cli.act.RestartCommand;
import net.metacircular.mcp.cli.act.SyncCommand;
import net.metacircular.mcp.cli.change.RollbackCommand;
import net.metacircular.mcp.cli.change.ServiceCommand;
import net.metacircular.mcp.cli.change.StartCommand;
import net.metacircular.mcp.cli.change.StopCommand;
import net.metacircular.mcp.cli.node.NodeCommand;
import net.metacircular.mcp.cli.read.EventsCommand;
import net.metacircular.mcp.cli.read.ListCommand;
import net.metacircular.mcp.cli.read.LogsCommand;
import net.metacircular.mcp.cli.read.PsCommand;
import net.metacircular.mcp.cli.read.StatusCommand;
import net.metacircular.mcp.cli.validate.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mcp}: the operator's command line. */
@Command(
    name = "mcp",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "The operator's command line of MCP: changes desired state by committing to your clone of"
          + " the services repository (services_dir in ~/.config/mcp/mcp.toml) and pushing it;"
          + " the agent on each node pulls and converges.",
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {
      StatusCommand.class,
      PsCommand.class,
      ListCommand.class,
      EventsCommand.class,
      LogsCommand.class,
      DeployCommand.class,
      RestartCommand.class,
      SyncCommand.class,
      DiffCommand.class,
      PushCommand.class,
      PullCommand.class,
      StopCommand.class,
      StartCommand.class,
      ServiceCommand.class,
      RollbackCommand.class,
      ValidateCommand.class,
      NodeCommand.class,
      HelpCommand.class,
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.OK + ":ok (also: nothing to do)",
      ExitCodes.ERROR + ":error; the message says what failed and what to do",
      ExitCodes.USAGE + ":usage: unknown command, option or argument",
      ExitCodes.NOT_CONVERGED + ":not converged or drift (status --check)",
      ExitCodes.AUTH + ":the agent refused the token (UNAUTHENTICATED, PERMISSION_DENIED)",
    },
    footerHeading = "%nFiles:%n",
    footer = {
      "  ~/.config/mcp/mcp.toml    services_dir, token_file, ca_cert, [[nodes]]",
      "  ~/.config/mcp/token       the bearer token for the agents",
      "  ~/.config/mcp/services/   your clone of the services repository",
    })
public final class McpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private final CliEnv env;
  private final AfterPush afterPush;

  /** With the real process; for picocli's tools (completion, docs), which need a no-arg one. */
  public McpCommand() {
    this(CliEnv.system(), AfterPush.NONE);
  }

  public McpCommand(CliEnv env) {
    this(env, AfterPush.NONE);
  }

  public McpCommand(CliEnv env, AfterPush afterPush) {
    this.env = Objects.requireNonNull(env, "env");
    this.afterPush = Objects.requireNonNull(afterPush, "afterPush");
  }

  public CliEnv env() {
    return env;
  }

  public AfterPush afterPush() {
    return afterPush;
  }

  /** {@code mcp} alone prints the help. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine(CliEnv.system(), new Converge());
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    System.exit(code);
  }

  /** The command line as {@code main} runs it: handlers, colours and exit codes set. */
  public static CommandLine commandLine(CliEnv env, AfterPush afterPush) {
    return configure(new CommandLine(new McpCommand(env, afterPush)), env);
  }

  /** Sets the error handlers and the colour scheme of a command line built on an McpCommand. */
  public static CommandLine configure(CommandLine cl, CliEnv env) {
    ErrorHandler handler = new ErrorHandler(env);
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
    cl.setColorScheme(Help.defaultColorScheme(env.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
