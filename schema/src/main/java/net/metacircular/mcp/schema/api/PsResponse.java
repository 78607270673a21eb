package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/ps}: live podman state of this agent's containers.
 *
 * @param node the agent's node
 * @param at when podman was asked
 * @param containers managed containers of this node, and foreign ones holding a managed name
 */
public record PsResponse(String node, Instant at, List<ContainerInfo> containers) {}
