package net.metacircular.mcp.agent.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Something broken that a person should be told of.
 *
 * @param fingerprint the same on every node for one cause: see {@link #fingerprint}
 * @param service the service; empty for the source
 * @param component the component; empty for a whole service or the source
 * @param kind {@code failed}, {@code crash_loop}, … (the condition's kind, or {@code
 *     source_failing})
 * @param message why, in a sentence
 * @param commit the commit concerned, if any
 * @param since when it started
 */
public record Incident(
    String fingerprint,
    String service,
    String component,
    String kind,
    String message,
    Optional<String> commit,
    Instant since) {
  public Incident {
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(since, "since");
  }

  /** An incident fingerprinted by (service, component, kind, cause), without the node. */
  static Incident of(
      String service,
      String component,
      String kind,
      String cause,
      String message,
      Optional<String> commit,
      Instant since) {
    return new Incident(
        fingerprint(service, component, kind, cause),
        service,
        component,
        kind,
        message,
        commit,
        since);
  }

  /** The first 16 hex digits of the SHA-256 of the four parts, each ended by a NUL. */
  static String fingerprint(String service, String component, String kind, String cause) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {service, component, kind, cause}) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JVM", e);
    }
  }
}
