package net.metacircular.mcp.agent.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.Durations;
import net.metacircular.mcp.schema.HealthSpec;

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
    field(parts, "stop_timeout", before, after, c -> Durations.format(c.stopTimeout()));
    health(parts, before.health(), after.health());
    secrets(parts, before, after);
    return parts.isEmpty() ? "spec changed" : String.join("; ", parts);
  }

  /** Field by field ({@code health.retries 3 → 5}), or the whole check added or removed. */
  private static void health(
      List<String> parts, Optional<HealthSpec> before, Optional<HealthSpec> after) {
    if (before.isEmpty() || after.isEmpty()) {
      if (before.isPresent() != after.isPresent()) {
        parts.add(after.isPresent() ? "health check added" : "health check removed");
      }
      return;
    }
    HealthSpec a = before.get();
    HealthSpec b = after.get();
    change(parts, "health.cmd", a.cmd(), b.cmd());
    change(parts, "health.interval", fmt(a.interval()), fmt(b.interval()));
    change(parts, "health.retries", a.retries(), b.retries());
    change(parts, "health.start_period", fmt(a.startPeriod()), fmt(b.startPeriod()));
    change(parts, "health.timeout", fmt(a.timeout()), fmt(b.timeout()));
  }

  /**
   * Which secrets are mounted or set differently, and whose value changed: by the first 8 hex of
   * its digest, never more.
   */
  private static void secrets(List<String> parts, ComponentSpec before, ComponentSpec after) {
    field(parts, "secrets", before, after, c -> c.secrets().files());
    field(parts, "env_secrets", before, after, c -> new java.util.TreeMap<>(c.secrets().env()));
    for (String name : after.secrets().names()) {
      String a = before.secrets().digests().getOrDefault(name, "");
      String b = after.secrets().digests().getOrDefault(name, "");
      if (before.secrets().names().contains(name) && !a.equals(b)) {
        parts.add("secret " + name + " changed (" + prefix(a) + " → " + prefix(b) + ")");
      }
    }
  }

  private static String prefix(String digest) {
    return digest.length() > 8 ? digest.substring(0, 8) : digest;
  }

  private static String fmt(java.time.Duration d) {
    return Durations.format(d);
  }

  private static void change(List<String> parts, String name, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      parts.add(name + " " + a + " → " + b);
    }
  }

  private static void field(
      List<String> parts,
      String name,
      ComponentSpec before,
      ComponentSpec after,
      Function<ComponentSpec, Object> get) {
    change(parts, name, get.apply(before), get.apply(after));
  }
}
