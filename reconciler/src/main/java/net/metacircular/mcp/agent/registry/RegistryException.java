package net.metacircular.mcp.agent.registry;

/**
 * Every failure of the registry. The message says what failed and how to fix it; {@link #reason()}
 * lets callers (the HTTP API, the CLI) map it to a status code or exit code.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure this is. */
  public enum Reason {
    /** An argument or record field is invalid (a bug in the caller). */
    INVALID_ARGUMENT,
    /** A service or component the operation needs is not in the registry. */
    NOT_FOUND,
    /** The database file is not a healthy mcp-agent registry; it was left untouched. */
    CORRUPT,
    /** The database was written by a newer mcp-agent than this one. */
    NEWER_SCHEMA,
    /** The registry was used after {@link Registry#close()}, or from inside its own transaction. */
    MISUSE,
    /** Reading or writing the database or a file failed. */
    IO
  }

  private final Reason reason;

  public RegistryException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public RegistryException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  static RegistryException invalid(String message) {
    return new RegistryException(Reason.INVALID_ARGUMENT, message);
  }

  static RegistryException notFound(String message) {
    return new RegistryException(Reason.NOT_FOUND, message);
  }
}
