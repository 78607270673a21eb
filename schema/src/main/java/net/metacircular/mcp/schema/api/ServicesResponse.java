package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * {@code GET /v1/services}: the registry's view, by name.
 *
 * @param node the agent's node
 * @param services the services
 */
public record ServicesResponse(String node, List<ServiceInfo> services) {}
