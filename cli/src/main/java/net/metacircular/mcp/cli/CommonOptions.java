package net.metacircular.mcp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.cli.output.Style;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every command takes, and what a command needs from its surroundings: the injected
 * {@link CliEnv}, its output streams, the config (read only when asked for) and the style.
 */
public final class CommonOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The CLI config (default: $MCP_CONFIG, else ~/.config/mcp/mcp.toml).")
  String config;

  @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
  boolean json;

  @Option(
      names = {"-v", "--verbose"},
      description = "Say more; on errors, print the stack trace too.")
  boolean verbose;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "How long to wait for agents (e.g. 30s, 2m; default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private CliConfig loaded;

  /** Set by {@link #parsed} only: the command runs without picocli's model ({@link FastPath}). */
  private CliEnv env;

  private PrintWriter out;
  private PrintWriter err;

  /** For picocli, which sets the fields. */
  public CommonOptions() {}

  /** The options as {@link FastPath} parsed them: no picocli model, these streams and facts. */
  static CommonOptions parsed(
      CliEnv env,
      PrintWriter out,
      PrintWriter err,
      String config,
      boolean json,
      boolean verbose,
      Duration timeout) {
    CommonOptions o = new CommonOptions();
    o.env = env;
    o.out = out;
    o.err = err;
    o.config = config;
    o.json = json;
    o.verbose = verbose;
    o.timeout = timeout;
    return o;
  }

  /** The process facts the root command was given. */
  public CliEnv env() {
    return env != null ? env : root().env();
  }

  /** The hook run after a change to desired state is pushed. */
  public AfterPush afterPush() {
    return env != null ? AfterPush.NONE : root().afterPush();
  }

  public PrintWriter out() {
    return out != null ? out : mixee.commandLine().getOut();
  }

  public PrintWriter err() {
    return err != null ? err : mixee.commandLine().getErr();
  }

  public boolean json() {
    return json;
  }

  public boolean verbose() {
    return verbose;
  }

  public Duration timeout() {
    return timeout;
  }

  /** Colour on a terminal without NO_COLOR, never for {@code --json}. */
  public Style style() {
    return Style.of(!json && env().colour());
  }

  /** The config file this command uses, whether or not it exists. */
  public Path configFile() {
    return ConfigLoader.locate(Optional.ofNullable(config), env());
  }

  /** The config, read on first use; a missing or bad file is a one-sentence error. */
  public CliConfig config() {
    if (loaded == null) {
      loaded = ConfigLoader.load(configFile(), env());
    }
    return loaded;
  }

  private McpCommand root() {
    return (McpCommand) mixee.root().userObject();
  }
}
