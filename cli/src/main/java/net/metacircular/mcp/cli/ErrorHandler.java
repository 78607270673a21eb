package net.metacircular.mcp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * picocli's handler of errors: a command's failure as {@link ErrorReport} words it, with {@code
 * --verbose} (or {@code MCP_DEBUG=1}) for the stack trace; usage errors say what was wrong and
 * where help is. Only the commands picocli runs load this class (and with it picocli's interfaces).
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final CliEnv env;

  ErrorHandler(CliEnv env) {
    this.env = env;
  }

  /**
   * Sets a handler on the command line for both kinds of error. Here rather than in {@link
   * McpCommand}, so that no class of the fast path ({@link Main}, McpCommand's archived form in the
   * JDK 25 AOT cache) has to check at start-up that this class is a picocli handler: that check
   * loads picocli's interfaces from its jar, which the cache cannot hold (Java 5 class files).
   */
  static void install(CommandLine cl, CliEnv env) {
    ErrorHandler handler = new ErrorHandler(env);
    cl.setExecutionExceptionHandler(handler);
    cl.setParameterExceptionHandler(handler);
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    return ErrorReport.report(e, cl.getErr(), verbose(parsed));
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("mcp: " + ex.getMessage());
    UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("See '" + cl.getCommandSpec().qualifiedName() + " --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private boolean verbose(ParseResult parsed) {
    if ("1".equals(env.vars().get("MCP_DEBUG"))) {
      return true;
    }
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
