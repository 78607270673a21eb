package net.metacircular.mcp.cli.config;

import java.util.Optional;
import java.util.regex.Pattern;
import net.metacircular.mcp.schema.Names;

/**
 * A node whose agent the CLI talks to.
 *
 * @param name the agent's node name, as service files write it in {@code node = "…"}
 * @param address {@code host:port} of its HTTPS API
 * @param recipient the age recipient of its identity ({@code age1…}), pinned by the first {@code
 *     mcp secret set} for a service of the node: secrets are encrypted to it
 */
public record Node(String name, String address, Optional<String> recipient) {

  public Node {
    java.util.Objects.requireNonNull(recipient, "recipient");
  }

  /** A node with no recipient pinned yet. */
  public Node(String name, String address) {
    this(name, address, Optional.empty());
  }

  private static final Pattern HOST_PORT =
      Pattern.compile(
          "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):([0-9]{1,5})");

  /** Why the name is not a node name, or empty if it is one. */
  public static Optional<String> checkName(String name) {
    if (Names.isValid(name)) {
      return Optional.empty();
    }
    return Optional.of(
        "node names are lower-case letters, digits and '-', starting with a letter or digit, at"
            + " most 63 characters; got \""
            + name
            + "\"");
  }

  /** Why the address is not {@code host:port}, or empty if it is. */
  public static Optional<String> checkAddress(String address) {
    if (address.contains("://")) {
      return Optional.of(
          "give the address as host:port without a scheme, e.g. rift.example.net:9443; got \""
              + address
              + "\"");
    }
    var m = HOST_PORT.matcher(address);
    if (m.matches()) {
      int port = Integer.parseInt(m.group(3));
      if (port >= 1 && port <= 65535) {
        return Optional.empty();
      }
    }
    return Optional.of(
        "the address must be host:port with a port from 1 to 65535, e.g. rift.example.net:9443 or"
            + " [fd00::1]:9443; got \""
            + address
            + "\"");
  }
}
