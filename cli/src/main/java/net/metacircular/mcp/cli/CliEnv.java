package net.metacircular.mcp.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code mcp} takes from the process it runs in, injected so that tests never read the real
 * home directory, environment or terminal.
 *
 * @param home the user's home: {@code ~} in paths and the default config location
 * @param vars the environment: read for {@code MCP_CONFIG}, {@code NO_COLOR}, {@code VISUAL} and
 *     {@code EDITOR}, and passed as is to {@code git} and the editor
 * @param stdin where answers to questions are read from
 * @param stdoutIsTerminal whether standard output is a terminal (colour only then)
 */
public record CliEnv(
    Path home, Map<String, String> vars, BufferedReader stdin, boolean stdoutIsTerminal) {

  public CliEnv {
    Objects.requireNonNull(home, "home");
    vars = Map.copyOf(vars);
    Objects.requireNonNull(stdin, "stdin");
  }

  /** The real process: {@code $HOME}, the environment, standard input, and the console. */
  public static CliEnv system() {
    Map<String, String> vars = System.getenv();
    String home = vars.getOrDefault("HOME", System.getProperty("user.home"));
    return new CliEnv(
        Path.of(home),
        vars,
        new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())),
        stdoutIsConsole());
  }

  /** An environment variable, if set and not empty. */
  public Optional<String> var(String name) {
    String v = vars.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  /** Colour only on a terminal, and never when {@code NO_COLOR} is set (https://no-color.org). */
  public boolean colour() {
    return stdoutIsTerminal && var("NO_COLOR").isEmpty();
  }

  /** Expands a leading {@code ~} or {@code ~/} to the home directory. */
  public Path expand(String path) {
    if (path.equals("~")) {
      return home;
    }
    if (path.startsWith("~/")) {
      return home.resolve(path.substring(2));
    }
    return Path.of(path);
  }

  private static boolean stdoutIsConsole() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    // Since Java 22 there is a console even when redirected; Console.isTerminal() tells.
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
