package net.metacircular.mcp.agent.plan;

import java.util.Map;
import java.util.Set;

/**
 * What this node should run.
 *
 * @param services by service name, for this node only
 * @param held names of services whose file is present but invalid and that have no last good spec:
 *     their containers are never pruned on account of the bad file
 */
public record DesiredState(Map<String, DesiredService> services, Set<String> held) {
  public DesiredState {
    services = Map.copyOf(services);
    held = Set.copyOf(held);
  }

  public static DesiredState of(Map<String, DesiredService> services) {
    return new DesiredState(services, Set.of());
  }
}
