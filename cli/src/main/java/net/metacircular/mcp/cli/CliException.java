package net.metacircular.mcp.cli;

/**
 * A failure the operator can act on: its message is printed as is after {@code mcp: } (no stack
 * trace unless {@code --verbose}) and the command exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.ERROR);
  }

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(String message, Throwable cause) {
    super(message, cause);
    this.exitCode = ExitCodes.ERROR;
  }

  public int exitCode() {
    return exitCode;
  }
}
