package net.metacircular.mcp.schema;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bind mounts in podman's {@code -v} syntax, {@code host:container[:options]}, confined to the
 * service's data directory: a service file must not be a way to mount the node's own files.
 */
final class VolumeSyntax {
  /** The form, with an example under this agent's data directory of the service. */
  static String expected(String service, ValidationPolicy policy) {
    return "expected host:container[:options], e.g. \""
        + policy.serviceDir(service)
        + "/data:/data:Z\"";
  }

  static final List<String> OPTIONS =
      List.of(
          "ro",
          "rw",
          "z",
          "Z",
          "U",
          "O",
          "shared",
          "slave",
          "private",
          "rshared",
          "rslave",
          "rprivate",
          "nocopy",
          "noexec",
          "exec",
          "suid",
          "nosuid",
          "dev",
          "nodev");

  private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private VolumeSyntax() {}

  /** Why {@code spec} is not an allowed volume of {@code service}, or empty if it is one. */
  static Optional<String> problem(String spec, String service, ValidationPolicy policy) {
    String[] parts = spec.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      return Optional.of("a volume has two or three parts separated by ':'");
    }
    String host = parts[0];
    String container = parts[1];
    Optional<String> why;
    if (host.startsWith("/")) {
      why = hostPathProblem(host, service, policy);
    } else if (!VOLUME_NAME.matcher(host).matches()) {
      why =
          Optional.of(
              "the host side "
                  + TomlValues.quote(host)
                  + " is neither an absolute path nor a volume name");
    } else {
      why = Optional.empty();
    }
    if (why.isEmpty()) {
      why = containerPathProblem(container);
    }
    if (why.isEmpty() && parts.length == 3) {
      why = optionsProblem(parts[2]);
    }
    return why;
  }

  private static Optional<String> hostPathProblem(
      String host, String service, ValidationPolicy policy) {
    if (hasDotDot(host)) {
      return Optional.of("the host path " + host + " has a '..' segment; write it without '..'");
    }
    Path path = Path.of(host).normalize();
    Path serviceDir = policy.serviceDir(service);
    if (path.startsWith(serviceDir)
        || policy.extraVolumePrefixes().stream().anyMatch(path::startsWith)) {
      return Optional.empty();
    }
    return Optional.of(
        "the host path "
            + host
            + " is outside the service's data directory "
            + serviceDir
            + "/; keep the data under "
            + serviceDir
            + "/ or allow the prefix in the agent's config");
  }

  private static Optional<String> containerPathProblem(String container) {
    if (!container.startsWith("/")) {
      return Optional.of(
          "the container path " + TomlValues.quote(container) + " is not an absolute path");
    }
    if (hasDotDot(container)) {
      return Optional.of(
          "the container path " + container + " has a '..' segment; write it without '..'");
    }
    return Optional.empty();
  }

  private static Optional<String> optionsProblem(String options) {
    for (String option : options.split(",", -1)) {
      if (!OPTIONS.contains(option)) {
        return Optional.of(
            "unknown option "
                + TomlValues.quote(option)
                + "; options are "
                + String.join(",", OPTIONS)
                + ", separated by ','");
      }
    }
    return Optional.empty();
  }

  private static boolean hasDotDot(String path) {
    return Arrays.asList(path.split("/")).contains("..");
  }
}
