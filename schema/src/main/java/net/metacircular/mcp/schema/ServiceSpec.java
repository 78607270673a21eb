package net.metacircular.mcp.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One service, as its file {@code <name>.toml} in the services repository declares it, with
 * defaults applied. Instances are valid: {@link ServiceParser} is the way to make one from text.
 *
 * @param name the service name, equal to the file name without {@code .toml}
 * @param node the node whose agent applies it
 * @param active false: containers stopped (kept) and never restarted
 * @param deploy whether each new commit is applied, or only on {@code mcp deploy}
 * @param components in file order; names unique
 * @param selfHeal {@code self_heal}: whether drift of this service is undone (true) or only
 *     reported (false); empty: the agent's {@code [reconcile] self_heal} decides
 * @param rollout {@code [rollout]}: the soak after a deploy and what its failure does
 */
public record ServiceSpec(
    String name,
    String node,
    boolean active,
    DeployMode deploy,
    List<ComponentSpec> components,
    Optional<Boolean> selfHeal,
    RolloutSpec rollout) {

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(deploy, "deploy");
    components = List.copyOf(components);
    Objects.requireNonNull(selfHeal, "selfHeal");
    Objects.requireNonNull(rollout, "rollout");
  }

  /** A service with the default {@code [rollout]}. */
  public ServiceSpec(
      String name,
      String node,
      boolean active,
      DeployMode deploy,
      List<ComponentSpec> components,
      Optional<Boolean> selfHeal) {
    this(name, node, active, deploy, components, selfHeal, RolloutSpec.DEFAULT);
  }

  /** A service that leaves {@code self_heal} to the agent. */
  public ServiceSpec(
      String name, String node, boolean active, DeployMode deploy, List<ComponentSpec> components) {
    this(name, node, active, deploy, components, Optional.empty());
  }

  /** This service with other components (e.g. with their secrets resolved), all else kept. */
  public ServiceSpec withComponents(List<ComponentSpec> others) {
    return new ServiceSpec(name, node, active, deploy, others, selfHeal, rollout);
  }

  /** This service with {@code active} set, all else kept. */
  public ServiceSpec withActive(boolean on) {
    return new ServiceSpec(name, node, on, deploy, components, selfHeal, rollout);
  }

  /** Whether drift of this service is undone, given the agent's own {@code self_heal}. */
  public boolean selfHeal(boolean agentDefault) {
    return selfHeal.orElse(agentDefault);
  }

  public Optional<ComponentSpec> component(String componentName) {
    return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
  }

  /** The container name of a component: {@code <service>-<component>}. */
  public static String containerName(String service, String component) {
    return service + "-" + component;
  }
}
