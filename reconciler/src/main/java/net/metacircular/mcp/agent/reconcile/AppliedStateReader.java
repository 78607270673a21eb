package net.metacircular.mcp.agent.reconcile;

import java.util.HashMap;
import java.util.Map;
import net.metacircular.mcp.agent.plan.AppliedComponent;
import net.metacircular.mcp.agent.plan.AppliedState;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.Registry;

/** The planner's view of the registry. */
final class AppliedStateReader {
  private AppliedStateReader() {}

  static AppliedState read(Registry registry) {
    Map<String, AppliedComponent> components = new HashMap<>();
    for (ComponentRecord r : registry.allComponents()) {
      components.put(
          r.containerName(),
          new AppliedComponent(
              r.service(),
              r.component(),
              r.specHash(),
              r.image(),
              r.appliedCommit(),
              r.containerId().orElse(""),
              r.specJson().flatMap(ComponentSpecJson::read)));
    }
    return new AppliedState(components, registry.conditions());
  }
}
