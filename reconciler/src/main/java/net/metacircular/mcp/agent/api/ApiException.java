package net.metacircular.mcp.agent.api;

import net.metacircular.mcp.schema.api.ErrorCode;

/** A request failed in a way the caller is told about: answered as {@code {"code","message"}}. */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final int status;

  ApiException(ErrorCode code, String message) {
    this(code, code.httpStatus(), message);
  }

  ApiException(ErrorCode code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  ErrorCode code() {
    return code;
  }

  int status() {
    return status;
  }

  static ApiException invalid(String message) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, message);
  }

  static ApiException notFound(String message) {
    return new ApiException(ErrorCode.NOT_FOUND, message);
  }

  static ApiException precondition(String message) {
    return new ApiException(ErrorCode.FAILED_PRECONDITION, message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(ErrorCode.UNAVAILABLE, message);
  }

  static ApiException unauthenticated(String message) {
    return new ApiException(ErrorCode.UNAUTHENTICATED, message);
  }

  static ApiException denied(String message) {
    return new ApiException(ErrorCode.PERMISSION_DENIED, message);
  }

  static ApiException tooLarge(String message) {
    return new ApiException(ErrorCode.INVALID_ARGUMENT, 413, message);
  }
}
