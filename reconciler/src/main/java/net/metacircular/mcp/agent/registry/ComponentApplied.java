package net.metacircular.mcp.agent.registry;

import java.util.Optional;

/**
 * A component the executor just created, recreated or adopted: what {@link
 * RegistryAccess#recordComponentApplied} stores.
 *
 * @param service the service name (must be in the registry)
 * @param component the component name
 * @param specHash the {@code mcp.spec-hash} of the container
 * @param image the image reference
 * @param commit the {@code mcp.commit} of the container
 * @param containerId podman's container id, when known
 * @param specJson the component's spec as the reconciler stores it, for "what changed" later
 */
public record ComponentApplied(
    String service,
    String component,
    String specHash,
    String image,
    String commit,
    Optional<String> containerId,
    Optional<String> specJson) {

  public ComponentApplied {
    Check.name("service name", service);
    Check.name("component name", component);
    String where = "component " + service + "/" + component + ": ";
    Check.text(where + "specHash", specHash);
    Check.text(where + "image", image);
    Check.commit(where + "commit", commit);
    Check.optional(where + "containerId", containerId);
    Check.optional(where + "specJson", specJson);
  }
}
