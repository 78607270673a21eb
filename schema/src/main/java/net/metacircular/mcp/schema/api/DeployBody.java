package net.metacircular.mcp.schema.api;

/**
 * The optional body of {@code POST /v1/services/{svc}/deploy}.
 *
 * @param component only this component; null for all
 * @param force recreate even when unchanged (pulling the image again)
 */
public record DeployBody(String component, boolean force) {}
