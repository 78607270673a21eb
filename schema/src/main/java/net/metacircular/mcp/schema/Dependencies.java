package net.metacircular.mcp.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Service-wide checks of components: unique names, and {@code depends_on} that can be ordered. */
final class Dependencies {
  private Dependencies() {}

  static void check(List<ComponentReader.Read> components) {
    Map<String, ComponentReader.Read> byName = new LinkedHashMap<>();
    for (ComponentReader.Read c : components) {
      c.name().ifPresent(n -> unique(byName, c, n));
    }
    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (ComponentReader.Read c : components) {
      if (c.name().isEmpty() || byName.get(c.name().get()) != c) {
        continue;
      }
      String self = c.name().get();
      List<String> targets = new ArrayList<>();
      for (int i = 0; i < c.dependsOn().size(); i++) {
        String d = c.dependsOn().get(i);
        if (d.equals(self)) {
          c.fields()
              .elementError(
                  "depends_on", i, "a component cannot depend on itself; remove \"" + d + "\"");
        } else if (!byName.containsKey(d)) {
          c.fields()
              .elementError(
                  "depends_on",
                  i,
                  "no component named "
                      + TomlValues.quote(d)
                      + " in this service; expected one of "
                      + String.join(", ", byName.keySet()));
        } else {
          targets.add(d);
        }
      }
      edges.put(self, targets);
    }
    for (List<String> cycle : new CycleFinder(edges).cycles()) {
      byName
          .get(cycle.get(0))
          .fields()
          .error(
              "depends_on",
              "depends_on forms a cycle: "
                  + String.join(" → ", cycle)
                  + "; remove one of these dependencies");
    }
  }

  private static void unique(
      Map<String, ComponentReader.Read> byName, ComponentReader.Read c, String name) {
    ComponentReader.Read first = byName.putIfAbsent(name, c);
    if (first != null) {
      c.fields()
          .error(
              "name",
              "duplicate component name "
                  + TomlValues.quote(name)
                  + ", already used at line "
                  + first.fields().position("name").line()
                  + "; component names must be unique in the service");
    }
  }

  /**
   * Depth-first search; each cycle is reported once, starting at its first component in file order.
   */
  private static final class CycleFinder {
    private final Map<String, List<String>> edges;
    private final List<String> order;
    private final Set<String> done = new HashSet<>();
    private final List<String> stack = new ArrayList<>();
    private final Set<Set<String>> seen = new HashSet<>();
    private final List<List<String>> cycles = new ArrayList<>();

    CycleFinder(Map<String, List<String>> edges) {
      this.edges = edges;
      this.order = List.copyOf(edges.keySet());
    }

    List<List<String>> cycles() {
      for (String n : order) {
        visit(n);
      }
      return cycles;
    }

    private void visit(String n) {
      if (done.contains(n)) {
        return;
      }
      int onStack = stack.indexOf(n);
      if (onStack >= 0) {
        record(new ArrayList<>(stack.subList(onStack, stack.size())));
        return;
      }
      stack.add(n);
      for (String next : edges.getOrDefault(n, List.of())) {
        visit(next);
      }
      stack.remove(stack.size() - 1);
      done.add(n);
    }

    private void record(List<String> members) {
      if (!seen.add(new HashSet<>(members))) {
        return;
      }
      Map<String, Integer> rank = new HashMap<>();
      for (int i = 0; i < order.size(); i++) {
        rank.put(order.get(i), i);
      }
      int start = 0;
      for (int i = 1; i < members.size(); i++) {
        if (rank.get(members.get(i)) < rank.get(members.get(start))) {
          start = i;
        }
      }
      List<String> cycle = new ArrayList<>(members.subList(start, members.size()));
      cycle.addAll(members.subList(0, start));
      cycle.add(cycle.get(0));
      cycles.add(cycle);
    }
  }
}
