package net.metacircular.mcp.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;

/**
 * {@code ~/.config/mcp/mcp.toml}, with defaults applied and {@code ~} expanded.
 *
 * @param file where it was read from, for messages
 * @param servicesDir the operator's clone of the services repository
 * @param tokenFile the bearer token for the agents
 * @param caCert the CA that signed the agents' certificates, if not a system-trusted one
 * @param servicesRoot the agents' {@code services_root} if the file sets it: the fallback of
 *     validation when a node's own policy cannot be had (see {@code cli.policy.Policies}), and
 *     where {@code mcp push} says files went
 * @param nodes in file order, names unique
 * @param secretRecipients operators' age recipients ({@code secret_recipients}): {@code mcp secret
 *     set} encrypts to them besides the node, so that they can decrypt their own copy
 */
public record CliConfig(
    Path file,
    Path servicesDir,
    Path tokenFile,
    Optional<Path> caCert,
    Optional<Path> servicesRoot,
    List<Node> nodes,
    List<String> secretRecipients) {

  /** The agent's default {@code services_root}. */
  public static final Path DEFAULT_SERVICES_ROOT = Path.of("/srv");

  public CliConfig {
    nodes = List.copyOf(nodes);
    secretRecipients = List.copyOf(secretRecipients);
  }

  /** A config without {@code secret_recipients}. */
  public CliConfig(
      Path file,
      Path servicesDir,
      Path tokenFile,
      Optional<Path> caCert,
      Optional<Path> servicesRoot,
      List<Node> nodes) {
    this(file, servicesDir, tokenFile, caCert, servicesRoot, nodes, List.of());
  }

  /** The same config with other nodes. */
  public CliConfig withNodes(List<Node> nodes) {
    return new CliConfig(
        file, servicesDir, tokenFile, caCert, servicesRoot, nodes, secretRecipients);
  }

  /** {@code services_root} from the file, else the agent's default {@code /srv}. */
  public Path servicesRootOrDefault() {
    return servicesRoot.orElse(DEFAULT_SERVICES_ROOT);
  }

  public Optional<Node> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The node named (in a service file, on the command line); an error naming the fix if absent. */
  public Node requireNode(String name) {
    return node(name)
        .orElseThrow(
            () ->
                new CliException(
                    "node "
                        + name
                        + " is not in "
                        + file
                        + "; add it with: mcp node add "
                        + name
                        + " HOST:PORT"));
  }
}
