package net.metacircular.mcp.agent.plan;

import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * The registry's view, as the planner needs it.
 *
 * @param specs the last applied spec of each service, by name
 * @param components what was last applied, by container name
 * @param conditions the condition last reported for a container name (see {@link Condition}); a
 *     report is made again only when it changes, so that an unchanged state writes no event
 */
public record AppliedState(
    Map<String, ServiceSpec> specs,
    Map<String, AppliedComponent> components,
    Map<String, String> conditions) {

  public static final AppliedState EMPTY = new AppliedState(Map.of(), Map.of(), Map.of());

  public AppliedState {
    specs = Map.copyOf(specs);
    components = Map.copyOf(components);
    conditions = Map.copyOf(conditions);
  }

  public Optional<AppliedComponent> component(String containerName) {
    return Optional.ofNullable(components.get(containerName));
  }

  public String condition(String containerName) {
    return conditions.getOrDefault(containerName, Condition.OK);
  }
}
