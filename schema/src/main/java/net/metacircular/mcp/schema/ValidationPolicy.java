package net.metacircular.mcp.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What the caller's configuration allows in service files, beyond the file itself.
 *
 * @param servicesRoot the parent of every service's data directory: volumes of service {@code s}
 *     may mount host paths under {@code <servicesRoot>/s/}
 * @param extraVolumePrefixes further absolute host paths under which any service may mount
 * @param allowHostNetwork whether a component may share the node's network namespace ({@code
 *     network = "host"}) or another container's ({@code "container:…"}); off by default, since it
 *     bypasses port publishing and isolation
 */
public record ValidationPolicy(
    Path servicesRoot, List<Path> extraVolumePrefixes, boolean allowHostNetwork) {

  /** The agent's defaults: {@code /srv}, nothing more. */
  public static final ValidationPolicy DEFAULT = new ValidationPolicy(Path.of("/srv"), List.of());

  /**
   * Any host path and any network: for a reader that needs only where and how a service runs (its
   * node, {@code active}, {@code deploy}), not whether a node would accept its volumes, which only
   * that node's own policy can say.
   */
  public static final ValidationPolicy HOST_UNCHECKED =
      new ValidationPolicy(Path.of("/"), List.of(Path.of("/")), true);

  /** A policy that keeps every component in its own network namespace. */
  public ValidationPolicy(Path servicesRoot, List<Path> extraVolumePrefixes) {
    this(servicesRoot, extraVolumePrefixes, false);
  }

  public ValidationPolicy {
    servicesRoot = absolute(servicesRoot, "servicesRoot");
    extraVolumePrefixes = extraVolumePrefixes.stream().map(p -> absolute(p, "prefix")).toList();
  }

  /** The data directory of a service: {@code <servicesRoot>/<service>}. */
  public Path serviceDir(String service) {
    return servicesRoot.resolve(service);
  }

  private static Path absolute(Path p, String what) {
    if (!p.isAbsolute()) {
      throw new IllegalArgumentException(what + " must be an absolute path, got " + p);
    }
    return p.normalize();
  }
}
