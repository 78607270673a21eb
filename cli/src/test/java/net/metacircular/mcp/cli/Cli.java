package net.metacircular.mcp.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code mcp} in-process with a temporary home, an environment that keeps the developer's git
 * configuration out, and captured output.
 */
public final class Cli {
  private final Path home;
  private final Map<String, String> vars = new HashMap<>();
  private String stdin = "";
  private boolean terminal;
  private AfterPush afterPush = AfterPush.NONE;

  public Cli(Path home) {
    this.home = home;
    vars.put("HOME", home.toString());
    vars.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    vars.putAll(gitEnv());
  }

  /** Git without the developer's or the system's configuration, with a fixed identity. */
  public static Map<String, String> gitEnv() {
    return Map.of(
        "GIT_CONFIG_GLOBAL", "/dev/null",
        "GIT_CONFIG_NOSYSTEM", "1",
        "GIT_AUTHOR_NAME", "Test Operator",
        "GIT_AUTHOR_EMAIL", "operator@example.net",
        "GIT_COMMITTER_NAME", "Test Operator",
        "GIT_COMMITTER_EMAIL", "operator@example.net",
        "GIT_TERMINAL_PROMPT", "0",
        "LC_ALL", "C");
  }

  public Cli env(String name, String value) {
    vars.put(name, value);
    return this;
  }

  public Cli stdin(String text) {
    this.stdin = text;
    return this;
  }

  public Cli terminal(boolean terminal) {
    this.terminal = terminal;
    return this;
  }

  public Cli afterPush(AfterPush hook) {
    this.afterPush = hook;
    return this;
  }

  public Path home() {
    return home;
  }

  public CliEnv cliEnv() {
    return new CliEnv(home, vars, new BufferedReader(new StringReader(stdin)), terminal);
  }

  /** What a run printed and how it exited. */
  public record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  /**
   * A run as {@code main} makes it through {@link FastPath} (ps and status without picocli's
   * model); null when the fast path does not take these arguments (main then runs picocli).
   */
  public Run runFast(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    java.util.OptionalInt exit =
        FastPath.run(args, cliEnv(), new PrintWriter(out, true), new PrintWriter(err, true));
    return exit.isPresent() ? new Run(exit.getAsInt(), out.toString(), err.toString()) : null;
  }

  public Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = McpCommand.commandLine(cliEnv(), afterPush);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
