package net.metacircular.mcp.cli;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.act.Converge;
import net.metacircular.mcp.cli.act.DeployCommand;
import net.metacircular.mcp.cli.act.DiffCommand;
import net.metacircular.mcp.cli.act.PullCommand;
import net.metacircular.mcp.cli.act.PushCommand;
import net.metacircular.mcp.cli.act.RestartCommand;
import net.metacircular.mcp.cli.act.ResumeCommand;
import net.metacircular.mcp.cli.act.SuspendCommand;
import net.metacircular.mcp.cli.act.SyncCommand;
import net.metacircular.mcp.cli.change.RollbackCommand;
import net.metacircular.mcp.cli.change.SecretCommand;
import net.metacircular.mcp.cli.change.ServiceCommand;
import net.metacircular.mcp.cli.change.StartCommand;
import net.metacircular.mcp.cli.change.StopCommand;
import net.metacircular.mcp.cli.node.NodeCommand;
import net.metacircular.mcp.cli.notify.NotifyCommand;
import net.metacircular.mcp.cli.read.EventsCommand;
import net.metacircular.mcp.cli.read.ListCommand;
import net.metacircular.mcp.cli.read.LogsCommand;
import net.metacircular.mcp.cli.read.PsCommand;
import net.metacircular.mcp.cli.read.StatusCommand;
import net.metacircular.mcp.cli.read.UiCommand;
import net.metacircular.mcp.cli.read.WhoamiCommand;
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
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      ExitCodes.OK + ":done (also: nothing to do)",
      ExitCodes.ERROR
          + ":could not do its job: a node unreachable, bad config or an invalid service file, a"
          + " push refused; the message says what and what to do",
      ExitCodes.USAGE + ":usage: unknown command, option or argument, an invalid name",
      ExitCodes.NOT_CONVERGED
          + ":the agent answered but the service is not where it should be: a failed deploy, a"
          + " conflict, drift, not converged, a rejected service file",
      ExitCodes.AUTH
          + ":authentication or permission: the agent refused the token (UNAUTHENTICATED,"
          + " PERMISSION_DENIED)",
    },
    footerHeading = "%nFiles:%n",
    footer = {
      "  ~/.config/mcp/mcp.toml    services_dir, token_file, ca_cert, [[nodes]]",
      "  ~/.config/mcp/token       the bearer token for the agents",
      "  ~/.config/mcp/services/   your clone of the services repository",
      "  ~/.cache/mcp/policy/      each node's validation policy as it last told it",
    })
public final class McpCommand implements Callable<Integer> {
  /**
   * The subcommands, in the order help lists them. They are registered by {@link #commandLine}
   * rather than by the annotation: picocli builds each registered command's model by reflection at
   * start-up, so a run of one command ({@code mcp ps}) registers only that one. This list is the
   * one place a subcommand is added: the root's help, {@code help}, the docs, the completion and
   * the training run of the start-up archives all read it.
   */
  static final List<Class<?>> COMMANDS =
      List.of(
          StatusCommand.class,
          PsCommand.class,
          ListCommand.class,
          EventsCommand.class,
          UiCommand.class,
          LogsCommand.class,
          DeployCommand.class,
          RestartCommand.class,
          SuspendCommand.class,
          ResumeCommand.class,
          SyncCommand.class,
          DiffCommand.class,
          PushCommand.class,
          PullCommand.class,
          StopCommand.class,
          StartCommand.class,
          ServiceCommand.class,
          SecretCommand.class,
          RollbackCommand.class,
          ValidateCommand.class,
          NodeCommand.class,
          NotifyCommand.class,
          WhoamiCommand.class,
          HelpCommand.class);

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

  /** As {@link Main}, the jar's entry point: for whoever still starts this class. */
  public static void main(String[] args) {
    Main.main(args);
  }

  /**
   * Runs the arguments through picocli, as {@link Main} does with what its fast path does not take:
   * the exit code, the streams flushed.
   */
  static int execute(CliEnv env, String[] args) {
    CommandLine cl = commandLine(env, new Converge(), args);
    int code = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    return code;
  }

  /** The command line as {@code main} runs it, with every subcommand: handlers, colours set. */
  public static CommandLine commandLine(CliEnv env, AfterPush afterPush) {
    return configure(withEvery(new CommandLine(new McpCommand(env, afterPush))), env);
  }

  private static CommandLine withEvery(CommandLine cl) {
    for (Class<?> c : COMMANDS) {
      cl.addSubcommand(c);
    }
    return cl;
  }

  /**
   * The command line for these arguments: when the first names a subcommand (or its alias), only
   * that one is registered (a faster start); {@code --version} or {@code -V} alone needs none (each
   * model costs reflection: all of them about 180 ms of CPU per run, measured); the root's help
   * alone ({@code mcp}, {@code --help}, {@code -h}) gets only what its command list shows of each;
   * otherwise (other options, {@code help}, a typo) all of them.
   */
  public static CommandLine commandLine(CliEnv env, AfterPush afterPush, String[] args) {
    CommandLine cl = new CommandLine(new McpCommand(env, afterPush));
    Class<?> only = args.length > 0 ? named(args[0]) : null;
    if (only != null) {
      cl.addSubcommand(only);
    } else if (args.length == 1 && List.of("--version", "-V").contains(args[0])) {
      // the version alone: no subcommand's model is needed
    } else if (args.length == 0 || args.length == 1 && List.of("--help", "-h").contains(args[0])) {
      // the root's help alone lists the subcommands: their names and first lines are enough
      for (Class<?> c : COMMANDS) {
        cl.addSubcommand(listing(c));
      }
    } else {
      withEvery(cl);
    }
    return configure(cl, env);
  }

  /**
   * What the root's help lists of a subcommand (its names, header or first line of description,
   * whether it is hidden), read from its annotation alone: none of the reflection over its options
   * and mixins that its full model costs (all of them about 180 ms of CPU per run, measured).
   */
  private static CommandSpec listing(Class<?> c) {
    Command command = c.getAnnotation(Command.class);
    CommandSpec spec = CommandSpec.create().name(command.name()).aliases(command.aliases());
    spec.usageMessage()
        .header(command.header())
        .description(command.description())
        .hidden(command.hidden());
    return spec;
  }

  private static Class<?> named(String name) {
    for (Class<?> c : COMMANDS) {
      Command command = c.getAnnotation(Command.class);
      if (command.name().equals(name) || List.of(command.aliases()).contains(name)) {
        return c == HelpCommand.class ? null : c;
      }
    }
    return null;
  }

  /** Sets the error handlers and the colour scheme of a command line built on an McpCommand. */
  public static CommandLine configure(CommandLine cl, CliEnv env) {
    ErrorHandler.install(cl, env);
    cl.setColorScheme(Help.defaultColorScheme(env.colour() ? Help.Ansi.ON : Help.Ansi.OFF));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
