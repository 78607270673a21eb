package net.metacircular.mcp.agent;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints an error's message (its stack trace only with MCP_DEBUG=1) and exits 1. */
final class ErrorHandler implements IExecutionExceptionHandler {
  /** Set when writing to the journal: fatal errors then carry the err priority prefix. */
  static volatile boolean journal;

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    cl.getErr().println((journal ? "<3>" : "") + "mcp-agent: " + e.getMessage());
    if ("1".equals(System.getenv("MCP_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    }
    return 1;
  }
}
