package net.metacircular.mcp.schema.status;

import java.time.Instant;
import java.util.Objects;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * A component's condition as the registry holds it.
 *
 * @param service the service
 * @param component the component
 * @param condition its condition
 * @param since when it came to be of its kind (a new detail or retry count keeps it)
 */
public record ComponentCondition(
    String service, String component, Condition condition, Instant since) {
  public ComponentCondition {
    Objects.requireNonNull(service, "condition's service is missing (null)");
    Objects.requireNonNull(component, "condition's component is missing (null)");
    Objects.requireNonNull(condition, "condition is missing (null)");
    Objects.requireNonNull(since, "condition's since is missing (null)");
  }

  /** {@code <service>-<component>}, as the planner and podman name it. */
  public String containerName() {
    return ServiceSpec.containerName(service, component);
  }

  public ConditionKind kind() {
    return condition.kind();
  }
}
