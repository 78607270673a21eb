package net.metacircular.mcp.agent.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * An operator's request to apply a service (or one of its components) now: applies a {@code manual}
 * service's pending change, and with {@code force} recreates even an unchanged component (pulling
 * its image again, for moving tags).
 *
 * @param service the service
 * @param component one component, or all when empty
 * @param force recreate even when the spec is unchanged
 */
public record DeployRequest(String service, Optional<String> component, boolean force) {
  public DeployRequest {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
  }

  /** Whether it asks for {@code componentName} of {@code serviceName}. */
  public boolean covers(String serviceName, String componentName) {
    return service.equals(serviceName) && component.map(componentName::equals).orElse(true);
  }
}
