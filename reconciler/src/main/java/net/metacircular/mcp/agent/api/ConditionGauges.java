package net.metacircular.mcp.agent.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * {@code mcp_component_condition{service,component,kind}}: for every component, one series per
 * kind, 1 for its current kind and 0 for the others (as kube-state-metrics does for a pod's phase).
 * All kinds rather than the current one alone, so that a series does not vanish and reappear under
 * another label when the kind changes (an alert on {@code kind="failed"} sees 1 then 0, not a gap
 * Prometheus marks stale), and {@code == 0} tells "not failed" from "no such component". A
 * component's series go when the component leaves the registry.
 */
final class ConditionGauges {
  private final MeterRegistry meters;
  private final Map<String, ConditionKind> current = new ConcurrentHashMap<>();
  private final Map<String, List<Meter>> registered = new HashMap<>();

  ConditionGauges(MeterRegistry meters) {
    this.meters = meters;
  }

  /**
   * Brings the series in line with the registry: its applied components (ok unless a condition says
   * otherwise) and every recorded condition.
   */
  synchronized void update(List<ComponentRecord> applied, List<ComponentCondition> conditions) {
    Map<String, ConditionKind> now = new HashMap<>();
    Map<String, String[]> names = new HashMap<>();
    for (ComponentRecord c : applied) {
      String key = key(c.service(), c.component());
      now.put(key, ConditionKind.OK);
      names.put(key, new String[] {c.service(), c.component()});
    }
    for (ComponentCondition c : conditions) {
      String key = key(c.service(), c.component());
      now.put(key, c.kind());
      names.put(key, new String[] {c.service(), c.component()});
    }
    for (String gone : new ArrayList<>(registered.keySet())) {
      if (!now.containsKey(gone)) {
        registered.remove(gone).forEach(meters::remove);
        current.remove(gone);
      }
    }
    current.putAll(now);
    for (Map.Entry<String, String[]> e : names.entrySet()) {
      registered.computeIfAbsent(e.getKey(), k -> register(k, e.getValue()[0], e.getValue()[1]));
    }
  }

  private List<Meter> register(String key, String service, String component) {
    List<Meter> out = new ArrayList<>();
    for (ConditionKind kind : ConditionKind.values()) {
      out.add(
          Gauge.builder("mcp.component.condition", () -> current.get(key) == kind ? 1 : 0)
              .description("1 for the kind of condition a component is in, 0 for every other kind")
              .tag("service", service)
              .tag("component", component)
              .tag("kind", kind.word())
              .register(meters));
    }
    return out;
  }

  /** Names cannot hold a slash, so the pair is one key. */
  private static String key(String service, String component) {
    return service + "/" + component;
  }
}
