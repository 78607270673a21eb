package net.metacircular.mcp.agent.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.metacircular.mcp.schema.ComponentSpec;

/** Components in {@code depends_on} order: each after the ones it depends on, else file order. */
public final class DependencyOrder {
  private DependencyOrder() {}

  public static List<ComponentSpec> of(List<ComponentSpec> components) {
    Map<String, ComponentSpec> byName = new LinkedHashMap<>();
    components.forEach(c -> byName.put(c.name(), c));
    List<ComponentSpec> ordered = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    for (ComponentSpec c : components) {
      visit(c, byName, visited, ordered);
    }
    return ordered;
  }

  // Specs are validated (no cycles) before they reach the planner; the visited set still stops a
  // cycle from recursing forever.
  private static void visit(
      ComponentSpec c,
      Map<String, ComponentSpec> byName,
      Set<String> visited,
      List<ComponentSpec> out) {
    if (!visited.add(c.name())) {
      return;
    }
    for (String dep : c.dependsOn()) {
      ComponentSpec d = byName.get(dep);
      if (d != null) {
        visit(d, byName, visited, out);
      }
    }
    out.add(c);
  }
}
