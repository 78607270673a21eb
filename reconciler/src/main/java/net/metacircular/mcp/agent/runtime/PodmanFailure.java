package net.metacircular.mcp.agent.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a podman call failed, in one sentence for people, and whether trying again later can help.
 * Decided from what podman said (its last {@code Error:} line), never from our own wording.
 *
 * <p>Permanent: the image reference is invalid, the registry says the image (manifest or
 * repository) does not exist or refuses access to it, or the container name is held by another
 * container. Nothing changes that but a person. Everything else is transient: a registry that
 * cannot be reached (which is also what a missing {@code localhost/} image gives, since podman then
 * tries to pull it from a host named localhost), a timeout, podman not runnable, or an error we do
 * not recognise (trying again with backoff is the safe default).
 *
 * @param permanent true when only a person can fix it
 * @param reason one sentence, e.g. {@code image localhost/x:1 cannot be pulled: registry localhost
 *     refused the connection}
 */
public record PodmanFailure(boolean permanent, String reason) {
  private static final Pattern SOURCE = Pattern.compile("initializing source docker://(\\S+?): ");
  private static final Pattern PING = Pattern.compile("pinging container registry ([^:\\s]+)");
  private static final Pattern MANIFEST_IN =
      Pattern.compile("reading manifest \\S+ in ([^/\\s]+)/");
  private static final Pattern NAME_HELD =
      Pattern.compile("the container name \"([^\"]+)\" is already in use by (\\w+)");

  public PodmanFailure {
    Objects.requireNonNull(reason, "reason");
  }

  /** A failure trying again later may mend. */
  public static PodmanFailure transientFailure(String reason) {
    return new PodmanFailure(false, reason);
  }

  /** What podman's exit and stderr say. */
  public static PodmanFailure of(int exitCode, String stderr) {
    String error = errorLine(stderr);
    if (error.isEmpty()) {
      return transientFailure("podman exited " + exitCode + " without saying why");
    }
    String lower = error.toLowerCase(Locale.ROOT);
    Matcher held = NAME_HELD.matcher(error);
    if (held.find()) {
      return new PodmanFailure(
          true,
          "the name " + held.group(1) + " is held by another container (" + held.group(2) + ")");
    }
    if (lower.contains("invalid reference format") || lower.contains("invalid image name")) {
      return new PodmanFailure(true, "the image reference is invalid: " + error);
    }
    String image = find(SOURCE, error).map(i -> "image " + i).orElse("the image");
    Optional<String> registry = find(PING, error).or(() -> find(MANIFEST_IN, error));
    String at = registry.map(r -> "registry " + r).orElse("its registry");
    if (lower.contains("manifest unknown") || lower.contains("name unknown")) {
      return new PodmanFailure(true, image + " does not exist: " + at + " says manifest unknown");
    }
    if (lower.endsWith(": unauthorized")
        || lower.contains("unauthorized: ")
        || lower.contains("requested access to the resource is denied")) {
      return new PodmanFailure(true, image + " cannot be pulled: " + at + " refused access");
    }
    if (registry.isPresent() && lower.contains("pinging container registry")) {
      return transientFailure(image + " cannot be pulled: " + unreachable(at, lower, error));
    }
    return transientFailure(error);
  }

  /** Why a registry could not be reached, in podman's terms but short. */
  private static String unreachable(String at, String lower, String error) {
    if (lower.endsWith("connection refused")) {
      return at + " refused the connection";
    }
    if (lower.endsWith("no such host")) {
      return at + " is not a known host name (no such host)";
    }
    if (lower.contains("timeout") || lower.contains("deadline exceeded")) {
      return at + " did not answer in time";
    }
    return at + " cannot be reached: " + error.substring(error.lastIndexOf(": ") + 2);
  }

  /**
   * podman's own error: the last line starting {@code Error:} (podman logs its retries as warnings
   * first), without that word; else the last line that is not a warning.
   */
  static String errorLine(String stderr) {
    List<String> lines = stderr.strip().lines().map(String::strip).toList();
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith("Error: ")) {
        return lines.get(i).substring("Error: ".length()).strip();
      }
    }
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isEmpty() && !lines.get(i).contains("level=warning")) {
        return lines.get(i);
      }
    }
    return "";
  }

  private static Optional<String> find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
