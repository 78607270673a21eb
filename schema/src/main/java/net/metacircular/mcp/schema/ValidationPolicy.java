package net.metacircular.mcp.schema;

import java.nio.file.Path;
import java.util.List;

/**
 * What the caller's configuration allows in service files, beyond the file itself.
 *
 * @param servicesRoot the parent of every service's data directory: volumes of service {@code s}
 *     may mount host paths under {@code <servicesRoot>/s/}
 * @param extraVolumePrefixes further absolute host paths under which any service may mount
 */
public record ValidationPolicy(Path servicesRoot, List<Path> extraVolumePrefixes) {

  /** The agent's defaults: {@code /srv}, nothing more. */
  public static final ValidationPolicy DEFAULT = new ValidationPolicy(Path.of("/srv"), List.of());

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
