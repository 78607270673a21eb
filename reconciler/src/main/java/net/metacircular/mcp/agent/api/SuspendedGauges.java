package net.metacircular.mcp.agent.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.suspend.Suspensions;

/**
 * {@code mcp_suspended{service}}: 1 while a service is held still (by its own suspension or the
 * node's), 0 otherwise, for every service the registry knows; a service's series goes with it.
 */
final class SuspendedGauges {
  private final MeterRegistry meters;
  private final Map<String, Integer> current = new ConcurrentHashMap<>();
  private final Map<String, Meter> registered = new HashMap<>();

  SuspendedGauges(MeterRegistry meters) {
    this.meters = meters;
  }

  synchronized void update(Registry registry, Clock clock) {
    Suspensions suspensions = new Suspensions(registry, clock);
    List<ServiceRecord> services = registry.services();
    Set<String> names = new java.util.HashSet<>();
    for (ServiceRecord s : services) {
      names.add(s.name());
      current.put(s.name(), suspensions.holding(s.name()).isPresent() ? 1 : 0);
      registered.computeIfAbsent(
          s.name(),
          n ->
              Gauge.builder("mcp.suspended", () -> current.getOrDefault(n, 0))
                  .description("1 while the service is suspended (mcp suspend), else 0")
                  .tag("service", n)
                  .register(meters));
    }
    registered.keySet().stream()
        .filter(n -> !names.contains(n))
        .toList()
        .forEach(
            n -> {
              meters.remove(registered.remove(n));
              current.remove(n);
            });
  }
}
