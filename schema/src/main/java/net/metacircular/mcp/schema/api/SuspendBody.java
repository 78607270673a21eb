package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * The body of {@code POST /v1/services/{svc}/suspend} and {@code POST /v1/suspend}.
 *
 * @param reason why (required, shown in status)
 * @param until when it resumes by itself; null: only on resume
 */
public record SuspendBody(String reason, Instant until) {}
