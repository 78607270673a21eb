package net.metacircular.mcp.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import net.metacircular.mcp.cli.read.PsCommand;
import net.metacircular.mcp.cli.read.StatusCommand;
import net.metacircular.mcp.schema.Durations;

/**
 * The root's help ({@link RootHelp}, printed as packaged), and {@code mcp ps} and {@code mcp
 * status} in their usual forms, run without building picocli's command model (its reflection over
 * the annotations cost about 300 ms of CPU a run, measured: see docs/benchmarks.md), for operators
 * who run them in loops. Only arguments whose meaning is beyond doubt are taken: {@code --json},
 * {@code -v}/{@code --verbose}, {@code --config FILE}, {@code --timeout DURATION} (also with {@code
 * =}), and for status {@code --check} and one SERVICE, each at most once. Anything else (help, an
 * unknown or repeated option, a value that looks like an option, an {@code @file}, a bad duration)
 * goes to picocli as before, so every usage error is picocli's own, word for word; the command's
 * run and its errors are the same code on both paths.
 */
public final class FastPath {
  /** The default of {@link CommonOptions}'s {@code --timeout}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** The arguments, understood. */
  record Parsed(
      String command,
      String config,
      boolean json,
      boolean verbose,
      Duration timeout,
      String service,
      boolean check) {}

  private FastPath() {}

  /** The arguments when the fast path takes them, else empty (picocli's turn). */
  static Optional<Parsed> parse(String[] args) {
    if (args.length == 0 || !(args[0].equals("ps") || args[0].equals("status"))) {
      return Optional.empty();
    }
    boolean status = args[0].equals("status");
    String config = null;
    String service = null;
    Duration timeout = DEFAULT_TIMEOUT;
    boolean json = false;
    boolean verbose = false;
    boolean check = false;
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      String option = name.equals("-v") ? "--verbose" : name;
      switch (option) {
        case "--json", "--verbose", "--check" -> {
          if (value != null || (option.equals("--check") && !status) || !seen.add(option)) {
            return Optional.empty();
          }
          json |= option.equals("--json");
          verbose |= option.equals("--verbose");
          check |= option.equals("--check");
        }
        case "--config", "--timeout" -> {
          if (value == null) {
            if (i + 1 == args.length) {
              return Optional.empty();
            }
            value = args[++i];
          }
          if (!plain(value) || !seen.add(option)) {
            return Optional.empty();
          }
          if (option.equals("--config")) {
            config = value;
          } else {
            Optional<Duration> d = Durations.parse(value);
            if (d.isEmpty()) {
              return Optional.empty();
            }
            timeout = d.get();
          }
        }
        default -> {
          if (!status || service != null || !plain(arg)) {
            return Optional.empty();
          }
          service = arg;
        }
      }
    }
    return Optional.of(new Parsed(args[0], config, json, verbose, timeout, service, check));
  }

  /** Neither empty nor what picocli could read as an option or an argument file. */
  private static boolean plain(String value) {
    return !value.isEmpty() && !value.startsWith("-") && !value.startsWith("@");
  }

  /**
   * Runs the command when the fast path takes these arguments: its exit code, as picocli's {@code
   * execute} with {@link ErrorHandler} would give it; empty when picocli is to run them.
   */
  public static OptionalInt run(String[] args, CliEnv env, PrintWriter out, PrintWriter err) {
    if (RootHelp.asked(args)) {
      Optional<String> help = RootHelp.packaged(env.colour());
      if (help.isEmpty()) {
        return OptionalInt.empty();
      }
      out.print(help.get());
      out.flush();
      return OptionalInt.of(ExitCodes.OK);
    }
    Optional<Parsed> parsed = parse(args);
    if (parsed.isEmpty()) {
      return OptionalInt.empty();
    }
    Parsed p = parsed.get();
    CommonOptions common =
        CommonOptions.parsed(env, out, err, p.config(), p.json(), p.verbose(), p.timeout());
    Callable<Integer> command =
        p.command().equals("ps")
            ? PsCommand.of(common)
            : StatusCommand.of(common, p.service(), p.check());
    try {
      return OptionalInt.of(command.call());
    } catch (Exception e) {
      return OptionalInt.of(
          ErrorReport.report(e, err, p.verbose() || "1".equals(env.vars().get("MCP_DEBUG"))));
    }
  }

  /**
   * A writer on standard output or error as picocli makes its own ({@code
   * CommandLine.newPrintWriter}): buffered, flushed on each line, in the charset of {@code
   * sun.stdout.encoding} (or {@code sun.stderr.encoding}), else the default one.
   */
  static PrintWriter writer(OutputStream stream, String encodingProperty) {
    String name = System.getProperty(encodingProperty);
    Charset charset = Charset.defaultCharset();
    if (name != null) {
      try {
        charset = Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
      } catch (RuntimeException e) {
        // picocli falls back to the default charset too
      }
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
  }
}
