package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * A component as the registry holds it (no runtime query).
 *
 * @param name the component
 * @param container {@code <service>-<component>}
 * @param image the image last applied
 * @param specHash the spec hash last applied
 * @param commit the commit last applied
 * @param appliedAt when
 * @param containerId podman's id, when known
 * @param state the last observed state, or null
 * @param health the last observed health, or null
 * @param stateSince since when the state has been so
 */
public record ComponentInfo(
    String name,
    String container,
    String image,
    String specHash,
    String commit,
    Instant appliedAt,
    String containerId,
    String state,
    String health,
    Instant stateSince) {}
