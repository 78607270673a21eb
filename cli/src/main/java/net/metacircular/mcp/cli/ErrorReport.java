package net.metacircular.mcp.cli;

import java.io.PrintWriter;

/**
 * Errors as one line on stderr, {@code mcp: <message>}; the stack trace only when verbose. Apart
 * from {@link ErrorHandler}, picocli's adapter, so that {@link FastPath} reports a failure without
 * loading picocli.
 */
final class ErrorReport {
  private ErrorReport() {}

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
}
