package net.metacircular.mcp.agent.plan;

import java.util.Objects;

/**
 * What the registry says was last applied for one component.
 *
 * @param service the service name
 * @param component the component name
 * @param specHash the spec hash applied
 * @param image the image applied
 * @param commit the commit it was applied from
 * @param containerId the container created or adopted for it, empty when unknown
 */
public record AppliedComponent(
    String service,
    String component,
    String specHash,
    String image,
    String commit,
    String containerId) {
  public AppliedComponent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(containerId, "containerId");
  }

  public String containerName() {
    return service + "-" + component;
  }
}
