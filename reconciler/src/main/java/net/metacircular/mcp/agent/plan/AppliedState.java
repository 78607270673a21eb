package net.metacircular.mcp.agent.plan;

import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.schema.status.Condition;

/**
 * The registry's view, as the planner needs it.
 *
 * @param components what was last applied, by container name
 * @param conditions the condition last recorded for a container name (absent: ok); a report is made
 *     again only when it changes, so that an unchanged state writes no event
 */
public record AppliedState(
    Map<String, AppliedComponent> components, Map<String, Condition> conditions) {

  public static final AppliedState EMPTY = new AppliedState(Map.of(), Map.of());

  public AppliedState {
    components = Map.copyOf(components);
    conditions = Map.copyOf(conditions);
  }

  public Optional<AppliedComponent> component(String containerName) {
    return Optional.ofNullable(components.get(containerName));
  }

  /** The spec last applied to a component, if the registry holds it. */
  public Optional<net.metacircular.mcp.schema.ComponentSpec> spec(
      String service, String component) {
    return component(service + "-" + component).flatMap(AppliedComponent::spec);
  }

  public Condition condition(String containerName) {
    return conditions.getOrDefault(containerName, Condition.OK);
  }
}
