package net.metacircular.mcp.agent.plan;

import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.schema.ComponentSpec;

/**
 * What the registry says was last applied for one component.
 *
 * @param service the service name
 * @param component the component name
 * @param specHash the spec hash applied
 * @param image the image applied
 * @param commit the commit it was applied from
 * @param containerId the container created or adopted for it, empty when unknown
 * @param spec the component spec applied, when the registry holds it (for "what changed")
 */
public record AppliedComponent(
    String service,
    String component,
    String specHash,
    String image,
    String commit,
    String containerId,
    Optional<ComponentSpec> spec) {
  public AppliedComponent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(containerId, "containerId");
    Objects.requireNonNull(spec, "spec");
  }

  public String containerName() {
    return service + "-" + component;
  }
}
