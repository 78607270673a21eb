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
 */
public record ServiceSpec(
    String name, String node, boolean active, DeployMode deploy, List<ComponentSpec> components) {

  public ServiceSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(deploy, "deploy");
    components = List.copyOf(components);
  }

  public Optional<ComponentSpec> component(String componentName) {
    return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
  }

  /** The container name of a component: {@code <service>-<component>}. */
  public static String containerName(String service, String component) {
    return service + "-" + component;
  }
}
