package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;

/**
 * What the registry holds about one component of a service.
 *
 * @param service the service name
 * @param component the component name
 * @param specHash the spec hash last applied
 * @param image the image last applied
 * @param appliedCommit the commit last applied
 * @param appliedAt when it was applied
 * @param containerId podman's id of the container, when known
 * @param specJson the applied spec as the reconciler stored it, when it did
 * @param state the last observed container state; absent until first observed after applying
 * @param health the last observed health word ({@code healthy}, {@code unhealthy}, {@code
 *     starting}); absent when the container has no health check or none was observed
 * @param stateSince since when {@code state} and {@code health} have had these values; present
 *     exactly when {@code state} is
 */
public record ComponentRecord(
    String service,
    String component,
    String specHash,
    String image,
    String appliedCommit,
    Instant appliedAt,
    Optional<String> containerId,
    Optional<String> specJson,
    Optional<ContainerState> state,
    Optional<String> health,
    Optional<Instant> stateSince) {

  public ComponentRecord {
    Check.name("service name", service);
    Check.name("component name", component);
    String where = "component " + service + "/" + component + ": ";
    Check.present(where + "specHash", specHash);
    Check.present(where + "image", image);
    Check.present(where + "appliedCommit", appliedCommit);
    Check.present(where + "appliedAt", appliedAt);
    Check.optional(where + "containerId", containerId);
    Check.optional(where + "health", health);
    Check.paired(where + "state", state, "stateSince", stateSince);
  }

  /** The container name: {@code <service>-<component>}. */
  public String containerName() {
    return service + "-" + component;
  }
}
