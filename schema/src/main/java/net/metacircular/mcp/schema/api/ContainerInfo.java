package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * One container as podman shows it now.
 *
 * @param id podman's id
 * @param name the container name
 * @param service its {@code mcp.service} label, or null
 * @param component its {@code mcp.component} label, or null
 * @param state {@code running}, {@code exited}, …
 * @param status podman's status text
 * @param image the image it was created from
 * @param startedAt when it last started, or null
 * @param uptimeSeconds seconds since it started, when running; else null
 * @param managed whether it carries {@code mcp.managed=true}
 */
public record ContainerInfo(
    String id,
    String name,
    String service,
    String component,
    String state,
    String status,
    String image,
    Instant startedAt,
    Long uptimeSeconds,
    boolean managed) {}
