package net.metacircular.mcp.schema.api;

/** The {@code code} of an {@link ApiError}, with the HTTP status the agent answers it with. */
public enum ErrorCode {
  /** The request is malformed or names something it must not (a path outside the service). */
  INVALID_ARGUMENT(400),
  /** No bearer token, or one that is unknown, expired or invalid. */
  UNAUTHENTICATED(401),
  /** The token is valid but its role may not do this (a read token on a change). */
  PERMISSION_DENIED(403),
  /** No such service, component, file, event or route. */
  NOT_FOUND(404),
  /** The request cannot be done in the current state (e.g. restarting an inactive service). */
  FAILED_PRECONDITION(409),
  /** Something the agent depends on is not there now (podman, the source, MCIAS); try again. */
  UNAVAILABLE(503),
  /** A bug or an unexpected failure; the agent's log has the details. */
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /** The HTTP status the agent uses for this code (a too large body is 413 INVALID_ARGUMENT). */
  public int httpStatus() {
    return httpStatus;
  }
}
