package net.metacircular.mcp.agent.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.reconcile.Resolution;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * Which service a container event belongs to. Not by the event's labels: a foreign container that
 * took a managed name is a conflict of that service, so a container is recognised by its name
 * ({@code <service>-<component>} of a desired service, or of a component the registry holds) or by
 * the container id the registry recorded for it. Read afresh for each event that matters: the
 * desired state and the registry change between events.
 */
public final class ManagedNames {
  /** What an event's container is to the agent. */
  record Match(String service, String container, Optional<String> managedId) {
    /** The component: the container name without {@code <service>-}. */
    String component() {
      return container.substring(service.length() + 1);
    }
  }

  private final Supplier<Optional<Resolution>> desired;
  private final Registry registry;

  public ManagedNames(Supplier<Optional<Resolution>> desired, Registry registry) {
    this.desired = desired;
    this.registry = registry;
  }

  /**
   * The service whose container has this name or id, with the id the registry knows for that name
   * (absent: never applied, or not recorded yet); empty for a container of no service.
   */
  Optional<Match> find(String name, String id) {
    Map<String, String> serviceByName = new HashMap<>();
    Map<String, String> idByName = new HashMap<>();
    desired
        .get()
        .ifPresent(
            r ->
                r.desired()
                    .services()
                    .values()
                    .forEach(
                        d -> {
                          for (ComponentSpec c : d.spec().components()) {
                            serviceByName.put(
                                ServiceSpec.containerName(d.spec().name(), c.name()),
                                d.spec().name());
                          }
                        }));
    for (ComponentRecord c : registry.allComponents()) {
      serviceByName.putIfAbsent(c.containerName(), c.service());
      c.containerId().ifPresent(i -> idByName.put(c.containerName(), i));
      if (c.containerId().map(id::equals).orElse(false) && !c.containerName().equals(name)) {
        // Renamed by hand: still the managed container of this component.
        return Optional.of(new Match(c.service(), c.containerName(), c.containerId()));
      }
    }
    String service = serviceByName.get(name);
    return service == null
        ? Optional.empty()
        : Optional.of(new Match(service, name, Optional.ofNullable(idByName.get(name))));
  }
}
