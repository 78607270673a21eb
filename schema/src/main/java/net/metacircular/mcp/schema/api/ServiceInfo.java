package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.List;

/**
 * A service as the registry holds it ({@code GET /v1/services}).
 *
 * @param name the service
 * @param node its node
 * @param active whether it should run
 * @param deploy {@code auto} or {@code manual}
 * @param specCommit the commit its last good spec came from
 * @param appliedCommit the commit last applied, or null
 * @param appliedAt when
 * @param error its last error, or null
 * @param errorSince since when
 * @param updatedAt when the registry's row last changed
 * @param components the applied components
 */
public record ServiceInfo(
    String name,
    String node,
    boolean active,
    String deploy,
    String specCommit,
    String appliedCommit,
    Instant appliedAt,
    String error,
    Instant errorSince,
    Instant updatedAt,
    List<ComponentInfo> components) {}
