package net.metacircular.mcp.schema.api;

/**
 * {@code GET /v1/services/{svc}}: the registry's view of one service and the spec it holds.
 *
 * @param service the service
 * @param specToml the last good service file, as written (for {@code mcp service show|export})
 */
public record ServiceDetail(ServiceInfo service, String specToml) {}
