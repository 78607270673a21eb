package net.metacircular.mcp.agent.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.PodmanGuard;
import net.metacircular.mcp.agent.plan.DesiredState;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;

/**
 * Records what podman shows of each applied component (state and health) in the registry, for
 * status. podman's health timers need systemd, which nodes without it lack, so the health check of
 * each running component that has one is run here, once a cycle. A change of health is an event; an
 * unchanged observation writes nothing.
 */
final class Observer {
  private final ContainerRuntime podman;
  private final PodmanGuard guard;
  private final Registry registry;

  Observer(ContainerRuntime podman, PodmanGuard guard, Registry registry) {
    this.podman = podman;
    this.guard = guard;
    this.registry = registry;
  }

  /** {@code components}: the registry's applied components as they are now. */
  void observe(
      DesiredState desired, List<ObservedContainer> observed, List<ComponentRecord> components) {
    Map<String, ObservedContainer> byName = new HashMap<>();
    observed.forEach(c -> byName.put(c.name(), c));
    for (ComponentRecord r : components) {
      ObservedContainer c = byName.get(r.containerName());
      if (c == null || !c.managed()) {
        // Gone, or a foreign container holds its name: the health last seen was of a container
        // that is no more, and must not be shown as this component's.
        if (r.health().isPresent()) {
          registry.recordComponentObserved(
              r.service(),
              r.component(),
              r.containerId(),
              r.state().orElse(ContainerState.UNKNOWN),
              Optional.empty());
        }
        continue;
      }
      Optional<String> health =
          c.running() ? health(c.name(), spec(desired, r)) : Optional.<String>empty();
      boolean changed =
          !r.state().equals(Optional.of(c.state()))
              || !r.health().equals(health)
              || !r.containerId().equals(Optional.of(c.id()));
      if (changed) {
        registry.recordComponentObserved(
            r.service(), r.component(), Optional.of(c.id()), c.state(), health);
        healthEvent(r, health);
      }
    }
  }

  private static Optional<ComponentSpec> spec(DesiredState desired, ComponentRecord r) {
    return Optional.ofNullable(desired.services().get(r.service()))
        .flatMap(d -> d.spec().component(r.component()));
  }

  private Optional<String> health(String container, Optional<ComponentSpec> spec) {
    if (spec.flatMap(ComponentSpec::health).isEmpty()) {
      return Optional.empty();
    }
    try {
      HealthResult result = guard.call(() -> podman.healthcheckRun(container));
      return switch (result.status()) {
        case HEALTHY -> Optional.of("healthy");
        case NO_HEALTHCHECK -> Optional.empty();
        case UNHEALTHY -> guard.call(() -> podman.inspectHealth(container));
      };
    } catch (RuntimeException e) {
      return Optional.of("unknown");
    }
  }

  private void healthEvent(ComponentRecord before, Optional<String> now) {
    String was = before.health().orElse("");
    String is = now.orElse("");
    if (is.equals("unhealthy") && !was.equals("unhealthy")) {
      registry.appendEvent(
          NewEvent.ofComponent(
              EventKind.DRIFT,
              before.service(),
              before.component(),
              before.containerName() + " is unhealthy: its health check keeps failing"));
    } else if (was.equals("unhealthy") && is.equals("healthy")) {
      registry.appendEvent(
          NewEvent.ofComponent(
              EventKind.HEALED,
              before.service(),
              before.component(),
              before.containerName() + " is healthy again"));
    }
  }
}
