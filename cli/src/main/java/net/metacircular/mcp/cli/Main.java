package net.metacircular.mcp.cli;

import java.io.PrintWriter;
import java.util.OptionalInt;

/**
 * {@code mcp}'s entry point (the jar's Main-Class). Not {@link McpCommand}: the java launcher finds
 * {@code main} among the main class's public methods, which loads every type their signatures name,
 * and McpCommand's name picocli's {@code CommandLine}: its largest class, from a jar that no
 * start-up archive can hold (Java 5 class files). This class names no picocli type and runs none of
 * McpCommand's static initializer (its list of commands names picocli's HelpCommand), so that
 * {@code mcp ps} and {@code mcp status} on the fast path load no picocli class: {@code main} starts
 * 8-13 ms sooner on JDK 21 (docs/benchmarks.md, section 3).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CliEnv env = CliEnv.system();
    // ps and status in their usual forms without picocli's model (a faster start); the rest, and
    // every usage error, through picocli. -Dmcp.fastpath=false: picocli for them too (for
    // scripts/bench-cli, which measures each lever separately).
    PrintWriter out = FastPath.writer(System.out, "sun.stdout.encoding");
    PrintWriter err = FastPath.writer(System.err, "sun.stderr.encoding");
    OptionalInt fast =
        "false".equals(System.getProperty("mcp.fastpath"))
            ? OptionalInt.empty()
            : FastPath.run(args, env, out, err);
    if (fast.isPresent()) {
      out.flush();
      err.flush();
      System.exit(fast.getAsInt());
    }
    System.exit(McpCommand.execute(env, args));
  }
}
