package net.metacircular.mcp.agent.source;

/**
 * The source could not be read or fetched. Nothing is changed on account of it: the agent keeps its
 * last desired state and tries again.
 */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceException(String message) {
    super(message);
  }

  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
