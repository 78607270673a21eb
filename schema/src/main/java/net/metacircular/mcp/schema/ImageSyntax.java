package net.metacircular.mcp.schema;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Image references as podman reads them: {@code [host[:port]/]path[:tag][@digest]}. The first
 * segment is a registry host only when it has a '.' or ':' or is {@code localhost}, as in the
 * reference grammar of the container tools.
 */
final class ImageSyntax {
  static final String EXPECTED =
      "expected [host[:port]/]path[:tag][@digest], e.g."
          + " \"mcr.svc.mcp.metacircular.net:8443/metacrypt:v1.4.2\"";

  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-f]{32,}");

  private ImageSyntax() {}

  /** Why {@code ref} is not an image reference, or empty if it is one. */
  static Optional<String> problem(String ref) {
    if (ref.isEmpty()) {
      return Optional.of("the image reference is empty");
    }
    if (ref.chars().anyMatch(Character::isWhitespace)) {
      return Optional.of("an image reference has no spaces");
    }
    String rest = ref;
    int at = rest.indexOf('@');
    if (at >= 0) {
      String digest = rest.substring(at + 1);
      if (!DIGEST.matcher(digest).matches()) {
        return Optional.of(
            "digest " + TomlValues.quote(digest) + " is not algorithm:hex, e.g. sha256:<64 hex>");
      }
      rest = rest.substring(0, at);
    }
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      String tag = rest.substring(colon + 1);
      if (!TAG.matcher(tag).matches()) {
        return Optional.of(
            "tag "
                + TomlValues.quote(tag)
                + " is not letters, digits, '_', '.' and '-' (at most 128, not starting with"
                + " '.' or '-')");
      }
      rest = rest.substring(0, colon);
    }
    int slash = rest.indexOf('/');
    if (slash >= 0 && isHost(rest.substring(0, slash))) {
      String host = rest.substring(0, slash);
      if (!HOST.matcher(host).matches()) {
        return Optional.of("registry " + TomlValues.quote(host) + " is not host[:port]");
      }
      rest = rest.substring(slash + 1);
    }
    return pathProblem(rest);
  }

  private static boolean isHost(String first) {
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  private static Optional<String> pathProblem(String path) {
    if (!path.equals(path.toLowerCase(Locale.ROOT))) {
      return Optional.of("the repository path " + TomlValues.quote(path) + " must be lower-case");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        return Optional.of(
            "repository path component "
                + TomlValues.quote(component)
                + " is not lower-case letters and digits separated by '.', '_', '__' or '-'");
      }
    }
    return Optional.empty();
  }
}
