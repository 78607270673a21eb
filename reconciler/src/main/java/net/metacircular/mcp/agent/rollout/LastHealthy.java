package net.metacircular.mcp.agent.rollout;

import java.util.List;
import java.util.Objects;
import net.metacircular.mcp.schema.ComponentSpec;

/**
 * The spec of a service that last passed its soak (or ran when the agent was upgraded to soaking):
 * what a failed deploy is rolled back to.
 *
 * @param service the service
 * @param commit the commit it came from
 * @param components its components, as they ran (secrets' digests included)
 */
public record LastHealthy(String service, String commit, List<ComponentSpec> components) {
  public LastHealthy {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(commit, "commit");
    components = List.copyOf(components);
  }
}
