package net.metacircular.mcp.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ~/.config/mcp/mcp.toml}, with defaults applied and {@code ~} expanded.
 *
 * @param file where it was read from, for messages
 * @param servicesDir the operator's clone of the services repository
 * @param tokenFile the bearer token for the agents
 * @param caCert the CA that signed the agents' certificates, if not a system-trusted one
 * @param servicesRoot the agents' {@code services_root} (default {@code /srv}): volumes of a
 *     service must lie under {@code <servicesRoot>/<service>/}, as the agent checks
 * @param nodes in file order, names unique
 */
public record CliConfig(
    Path file,
    Path servicesDir,
    Path tokenFile,
    Optional<Path> caCert,
    Path servicesRoot,
    List<Node> nodes) {

  public CliConfig {
    nodes = List.copyOf(nodes);
  }

  /** The same config with other nodes. */
  public CliConfig withNodes(List<Node> nodes) {
    return new CliConfig(file, servicesDir, tokenFile, caCert, servicesRoot, nodes);
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }
}
