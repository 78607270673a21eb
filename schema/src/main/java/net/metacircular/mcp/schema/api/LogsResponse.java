package net.metacircular.mcp.schema.api;

/**
 * {@code GET /v1/services/{svc}/logs?component=&tail=}.
 *
 * @param service the service
 * @param component the component
 * @param container the container
 * @param tail how many lines were asked for
 * @param text the last lines, stdout and stderr interleaved
 */
public record LogsResponse(
    String service, String component, String container, int tail, String text) {}
