/**
 * The agent's HTTPS API, as plain records both the agent and the CLI read and write.
 *
 * <p>On the wire, field names are snake_case (both sides' ObjectMapper uses {@code
 * PropertyNamingStrategies.SNAKE_CASE}), times are ISO-8601 instants ({@code
 * 2025-01-02T03:04:05.678Z}), and a field that does not apply is {@code null}. Every failure is an
 * {@link ApiError} with one of the {@link ErrorCode}s.
 */
package net.metacircular.mcp.schema.api;
