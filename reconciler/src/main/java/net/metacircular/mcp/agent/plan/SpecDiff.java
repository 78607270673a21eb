package net.metacircular.mcp.agent.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import net.metacircular.mcp.schema.ComponentSpec;

/** Says which fields differ between two specs of a component, for events people read. */
final class SpecDiff {
  private SpecDiff() {}

  static String describe(ComponentSpec before, ComponentSpec after) {
    List<String> parts = new ArrayList<>();
    field(parts, "image", before, after, ComponentSpec::image);
    field(parts, "cmd", before, after, ComponentSpec::cmd);
    field(parts, "env", before, after, c -> new java.util.TreeMap<>(c.env()));
    field(parts, "ports", before, after, ComponentSpec::ports);
    field(parts, "volumes", before, after, ComponentSpec::volumes);
    field(parts, "network", before, after, c -> c.network().orElse("(none)"));
    field(parts, "user", before, after, c -> c.user().orElse("(none)"));
    field(parts, "restart", before, after, c -> c.restart().word());
    field(parts, "depends_on", before, after, ComponentSpec::dependsOn);
    field(parts, "stop_timeout", before, after, c -> c.stopTimeout().toString());
    if (!Objects.equals(before.health(), after.health())) {
      parts.add("health changed");
    }
    return parts.isEmpty() ? "spec changed" : String.join("; ", parts);
  }

  private static void field(
      List<String> parts,
      String name,
      ComponentSpec before,
      ComponentSpec after,
      Function<ComponentSpec, Object> get) {
    Object a = get.apply(before);
    Object b = get.apply(after);
    if (!Objects.equals(a, b)) {
      parts.add(name + " " + a + " → " + b);
    }
  }
}
