package net.metacircular.mcp.agent.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.plan.AppliedComponent;
import net.metacircular.mcp.agent.plan.AppliedState;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.ComponentSpecJson;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;

/**
 * The planner's view of the registry. The stored spec of a component changes only when it is
 * applied, so the spec read from its JSON is kept for the next cycle: reading 200 of them again
 * every cycle was a tenth of a no-op cycle's CPU. Not thread-safe: the reconciler's own.
 */
final class AppliedStateReader {
  // Stored JSON to the spec read from it; only those of the last read.
  private Map<String, Optional<ComponentSpec>> specs = new HashMap<>();

  AppliedState read(List<ComponentRecord> records, List<ComponentCondition> recorded) {
    Map<String, Condition> conditions = new HashMap<>();
    recorded.forEach(c -> conditions.put(c.containerName(), c.condition()));
    Map<String, Optional<ComponentSpec>> now = new HashMap<>();
    Map<String, AppliedComponent> components = new HashMap<>();
    for (ComponentRecord r : records) {
      Optional<ComponentSpec> spec =
          r.specJson()
              .flatMap(
                  json ->
                      now.computeIfAbsent(
                          json,
                          j -> {
                            Optional<ComponentSpec> before = specs.get(j);
                            return before != null ? before : ComponentSpecJson.read(j);
                          }));
      components.put(
          r.containerName(),
          new AppliedComponent(
              r.service(),
              r.component(),
              r.specHash(),
              r.image(),
              r.appliedCommit(),
              r.containerId().orElse(""),
              spec));
    }
    specs = now;
    return new AppliedState(components, conditions);
  }
}
