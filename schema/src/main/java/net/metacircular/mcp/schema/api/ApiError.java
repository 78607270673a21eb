package net.metacircular.mcp.schema.api;

/**
 * Every failed request's body: {@code {"code": "NOT_FOUND", "message": "no service metacrypt"}}.
 *
 * @param code the error's kind, for programs
 * @param message what went wrong and, where it helps, what to do, for people
 */
public record ApiError(ErrorCode code, String message) {}
