package net.metacircular.mcp.schema.api;

/**
 * The optional body of {@code POST /v1/services/{svc}/restart}.
 *
 * @param component only this component; null for all
 */
public record RestartBody(String component) {}
