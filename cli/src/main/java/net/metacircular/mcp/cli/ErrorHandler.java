package net.metacircular.mcp.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Errors as one line on stderr, {@code mcp: <message>}; the stack trace only with {@code --verbose}
 * (or {@code MCP_DEBUG=1}). Usage errors say what was wrong and where help is.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private final CliEnv env;

  ErrorHandler(CliEnv env) {
    this.env = env;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    return report(e, cl.getErr(), verbose(parsed));
  }

  /**
   * A command's failure as {@code mcp: <message>} on {@code err}, with the stack trace when {@code
   * verbose}; the exit code it calls for. Also {@link FastPath}'s, which has no picocli model.
   */
  static int report(Exception e, PrintWriter err, boolean verbose) {
    boolean known = e instanceof CliException;
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (!known) {
      message = e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
    err.println("mcp: " + message);
    if (verbose) {
      e.printStackTrace(err);
    } else if (!known) {
      err.println("mcp: this is unexpected; run again with --verbose for the stack trace");
    }
    err.flush();
    return known ? ((CliException) e).exitCode() : ExitCodes.ERROR;
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
