package net.metacircular.mcp.agent.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.ComponentBuilder;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.Condition;

/** Small builders for planner tables: specs, containers as podman would show them, records. */
final class Fixtures {
  static final String COMMIT = "c0ffee0000000000000000000000000000000001";

  private Fixtures() {}

  static ComponentSpec component(String name, String image, String... dependsOn) {
    return builder(name, image, dependsOn).build();
  }

  /** A planner table's component: stop_timeout 3s, these dependencies, the schema's defaults. */
  static ComponentBuilder builder(String name, String image, String... dependsOn) {
    ComponentBuilder b = ComponentBuilder.component(name, image).stopTimeout(Duration.ofSeconds(3));
    for (String d : dependsOn) {
      b.dependsOn(d);
    }
    return b;
  }

  static ServiceSpec service(String name, ComponentSpec... components) {
    return new ServiceSpec(name, "rift", true, DeployMode.AUTO, List.of(components));
  }

  static ServiceSpec inactive(ServiceSpec s) {
    return new ServiceSpec(s.name(), s.node(), false, s.deploy(), s.components());
  }

  static ServiceSpec manual(ServiceSpec s) {
    return new ServiceSpec(s.name(), s.node(), s.active(), DeployMode.MANUAL, s.components());
  }

  static DesiredState desired(ServiceSpec... services) {
    Map<String, DesiredService> m = new HashMap<>();
    for (ServiceSpec s : services) {
      m.put(s.name(), new DesiredService(s, COMMIT));
    }
    return DesiredState.of(m);
  }

  /** A managed container of the given spec, in the given state. */
  static ObservedContainer container(ServiceSpec s, ComponentSpec c, ContainerState state) {
    return new ObservedContainer(
        "id-" + s.name() + "-" + c.name(),
        ServiceSpec.containerName(s.name(), c.name()),
        state,
        state.name(),
        Map.of(
            Labels.MANAGED,
            "true",
            Labels.SERVICE,
            s.name(),
            Labels.COMPONENT,
            c.name(),
            Labels.SPEC_HASH,
            SpecHash.of(c),
            Labels.COMMIT,
            COMMIT,
            Labels.NODE,
            "rift"),
        c.image(),
        "sha256:img",
        Optional.of(Instant.EPOCH),
        state == ContainerState.EXITED ? 137 : 0);
  }

  static ObservedContainer running(ServiceSpec s, ComponentSpec c) {
    return container(s, c, ContainerState.RUNNING);
  }

  /** {@code c} with podman's health status in its status: {@code Up (unhealthy)}. */
  static ObservedContainer health(ObservedContainer c, String health) {
    return new ObservedContainer(
        c.id(),
        c.name(),
        c.state(),
        "Up 5 minutes (" + health + ")",
        c.labels(),
        c.image(),
        c.imageId(),
        c.startedAt(),
        c.exitCode());
  }

  static ObservedContainer foreign(String name) {
    return new ObservedContainer(
        "id-foreign-" + name,
        name,
        ContainerState.RUNNING,
        "Up",
        Map.of(),
        "docker.io/x:1",
        "sha256:x",
        Optional.of(Instant.EPOCH),
        0);
  }

  /** The registry as it would be after applying these services with these containers. */
  static AppliedState applied(ServiceSpec... services) {
    Map<String, AppliedComponent> comps = new HashMap<>();
    for (ServiceSpec s : services) {
      for (ComponentSpec c : s.components()) {
        AppliedComponent a =
            new AppliedComponent(
                s.name(),
                c.name(),
                SpecHash.of(c),
                c.image(),
                COMMIT,
                "id-" + s.name() + "-" + c.name(),
                Optional.of(c));
        comps.put(a.containerName(), a);
      }
    }
    return new AppliedState(comps, Map.of());
  }

  static AppliedState withCondition(AppliedState a, String containerName, Condition condition) {
    Map<String, Condition> conditions = new HashMap<>(a.conditions());
    conditions.put(containerName, condition);
    return new AppliedState(a.components(), conditions);
  }

  /** One line per action, e.g. {@code Create metacrypt-api}, for compact assertions. */
  static List<String> summary(List<Action> actions) {
    return actions.stream()
        .map(a -> a.getClass().getSimpleName() + " " + a.containerName())
        .toList();
  }
}
