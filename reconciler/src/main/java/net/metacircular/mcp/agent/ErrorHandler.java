package net.metacircular.mcp.agent;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints an error's message (its stack trace only with MCP_DEBUG=1) and exits 1. */
final class ErrorHandler implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    cl.getErr().println("mcp-agent: " + e.getMessage());
    if ("1".equals(System.getenv("MCP_DEBUG"))) {
      e.printStackTrace(cl.getErr());
    }
    return 1;
  }
}
