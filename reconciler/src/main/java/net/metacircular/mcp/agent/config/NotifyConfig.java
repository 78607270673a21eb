package net.metacircular.mcp.agent.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code [[notify]]} receiver of incidents (DESIGN.md, "Notifications").
 *
 * @param name how messages name it: {@code notify} or {@code notify[2]}, as in the config file
 * @param url where messages are POSTed: https, or http on loopback
 * @param format the body's shape
 * @param secretFile the HMAC key of a JSON body's {@code X-MCP-Signature}, re-read at each send
 * @param caFile the certificates trusted for an https {@code url} instead of the JVM's trust store
 * @param repeat how often an incident still open is recalled
 * @param kinds only incidents of these kinds; empty for all
 * @param services only incidents of these services; empty for all
 */
public record NotifyConfig(
    String name,
    URI url,
    Format format,
    Optional<Path> secretFile,
    Optional<Path> caFile,
    Duration repeat,
    Set<String> kinds,
    Set<String> services) {

  public static final Duration DEFAULT_REPEAT = Duration.ofHours(4);

  /** The shape of a message's body. */
  public enum Format {
    /** DESIGN.md's JSON object, signed when there is a secret. */
    JSON,
    /** An incoming-webhook {@code {"text": …}} (Slack, Mattermost, Rocket.Chat). */
    SLACK,
    /** ntfy: plain text, with {@code Title}, {@code Tags} and {@code Priority} headers. */
    NTFY;

    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public NotifyConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(secretFile, "secretFile");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(repeat, "repeat");
    kinds = Set.copyOf(kinds);
    services = Set.copyOf(services);
    if (repeat.isNegative() || repeat.isZero()) {
      throw new IllegalArgumentException("notify repeat must be positive, got " + repeat);
    }
  }

  /**
   * What the registry keys this receiver's incident notices and queued messages by: its URL, not
   * its place in the file, so that reordering the {@code [[notify]]} tables re-sends nothing.
   */
  public String key() {
    return url.toString();
  }

  /** Whether an incident of {@code kind} on {@code service} goes to this receiver. */
  public boolean wants(String kind, String service) {
    return (kinds.isEmpty() || kinds.contains(kind))
        && (services.isEmpty() || services.contains(service));
  }
}
