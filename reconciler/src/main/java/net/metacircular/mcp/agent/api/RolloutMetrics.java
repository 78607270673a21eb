package net.metacircular.mcp.agent.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.rollout.RolloutStore;

/**
 * {@code mcp_rollbacks_total{service}} and {@code mcp_soak_total{service,result}}, counted from the
 * events as they are written; {@code mcp_quarantined{service}}: 1 while the service's new spec is
 * quarantined, else 0, for every service the registry knows (a service's series goes with it).
 */
final class RolloutMetrics {
  private final MeterRegistry meters;
  private final Map<String, Integer> quarantined = new ConcurrentHashMap<>();
  private final Map<String, Meter> gauges = new HashMap<>();

  RolloutMetrics(MeterRegistry meters, Registry registry) {
    this.meters = meters;
    registry.onNewEvent(this::count);
  }

  private void count(NewEvent e) {
    if (e.service().isEmpty()) {
      return;
    }
    String service = e.service().get();
    switch (e.kind()) {
      case SOAK_PASSED -> soak(service, "passed").increment();
      case SOAK_FAILED -> soak(service, "failed").increment();
      case ROLLED_BACK ->
          Counter.builder("mcp.rollbacks")
              .description("Rollbacks to the last healthy spec after a failed soak")
              .tag("service", service)
              .register(meters)
              .increment();
      default -> {}
    }
  }

  private Counter soak(String service, String result) {
    return Counter.builder("mcp.soak")
        .description("Soaks ended, by result (passed or failed)")
        .tag("service", service)
        .tag("result", result)
        .register(meters);
  }

  synchronized void update(Registry registry) {
    Set<String> now = new RolloutStore(registry).quarantines().keySet();
    Set<String> names = new HashSet<>();
    for (ServiceRecord s : registry.services()) {
      names.add(s.name());
      quarantined.put(s.name(), now.contains(s.name()) ? 1 : 0);
      gauges.computeIfAbsent(
          s.name(),
          n ->
              Gauge.builder("mcp.quarantined", () -> quarantined.getOrDefault(n, 0))
                  .description("1 while the service's new spec is quarantined, else 0")
                  .tag("service", n)
                  .register(meters));
    }
    gauges.keySet().stream()
        .filter(n -> !names.contains(n))
        .toList()
        .forEach(
            n -> {
              meters.remove(gauges.remove(n));
              quarantined.remove(n);
            });
  }
}
