package net.metacircular.mcp.cli.doc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.metacircular.mcp.cli.AfterPush;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.McpCommand;
import net.metacircular.mcp.cli.RootHelp;
import picocli.CommandLine;

/**
 * Writes the root's help as picocli prints it, plain and in colour, beside {@link RootHelp} in the
 * classes folder (run by Maven at {@code process-classes}, so the jar and the tests have it):
 * {@code RootHelpText <classes-dir>}.
 */
public final class RootHelpText {
  private RootHelpText() {}

  public static void main(String[] args) throws IOException {
    Path dir =
        Path.of(args.length > 0 ? args[0] : "target/classes")
            .resolve(RootHelp.class.getPackageName().replace('.', '/'));
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(RootHelp.PLAIN), render(false));
    Files.writeString(dir.resolve(RootHelp.COLOUR), render(true));
  }

  /** What {@code mcp --help} prints through picocli, with colour or without. */
  public static String render(boolean colour) {
    CliEnv env =
        new CliEnv(
            Path.of("/nonexistent"), Map.of(), new BufferedReader(new StringReader("")), colour);
    String[] args = {"--help"};
    CommandLine cl = McpCommand.commandLine(env, AfterPush.NONE, args);
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    cl.execute(args);
    return out.toString();
  }
}
