package net.metacircular.mcp.cli.agent;

import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;

/**
 * An agent's answer or silence, as an operator reads it: the node, and what to do.
 *
 * <p>{@link #code()} is the API's error code ({@code NOT_FOUND}, …), {@code UNREACHABLE} when no
 * answer came, or {@code TOKEN} when the token file is missing.
 */
public final class AgentException extends CliException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  public AgentException(String code, int status, String message, int exitCode) {
    super(message, exitCode);
    this.code = code;
    this.status = status;
  }

  static AgentException error(String code, int status, String message) {
    return new AgentException(code, status, message, ExitCodes.ERROR);
  }

  public String code() {
    return code;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  public boolean notFound() {
    return "NOT_FOUND".equals(code);
  }

  public boolean unreachable() {
    return "UNREACHABLE".equals(code);
  }
}
