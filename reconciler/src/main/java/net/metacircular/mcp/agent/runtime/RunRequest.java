package net.metacircular.mcp.agent.runtime;

import java.util.Objects;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * What {@link Podman#run} creates: one component of a service, labelled with its spec hash and the
 * commit it comes from.
 *
 * @param component the component's spec
 * @param service the service name
 * @param specHash {@link net.metacircular.mcp.schema.SpecHash#of} of the component
 * @param commit the commit being applied
 * @param node the node of the agent creating it ({@code mcp.node}); empty for none
 */
public record RunRequest(
    ComponentSpec component, String service, String specHash, String commit, String node) {

  public RunRequest(ComponentSpec component, String service, String specHash, String commit) {
    this(component, service, specHash, commit, "");
  }

  public RunRequest {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(specHash, "specHash");
    Objects.requireNonNull(commit, "commit");
  }

  /** {@code <service>-<component>}. */
  public String containerName() {
    return ServiceSpec.containerName(service, component.name());
  }
}
