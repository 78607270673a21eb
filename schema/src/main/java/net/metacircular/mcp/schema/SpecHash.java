package net.metacircular.mcp.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spec hash of a component: sha256 of a canonical form of everything that needs a new container
 * when it changes. Because it is computed from the parsed record, key order, comments and
 * whitespace in the TOML cannot change it; the service's {@code active} flag is not part of a
 * component and does not either.
 */
public final class SpecHash {
  private SpecHash() {}

  /** Lower-case hex sha256 of {@link #canonical(ComponentSpec)}. */
  public static String of(ComponentSpec c) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(canonical(c).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The canonical form: one {@code key=value} line a field, keys in a fixed order. */
  public static String canonical(ComponentSpec c) {
    StringBuilder out = new StringBuilder("mcp-spec-v1\n");
    line(out, "name", c.name());
    line(out, "image", c.image());
    line(out, "cmd", list(c.cmd()));
    line(out, "env", map(c.env()));
    line(out, "ports", list(c.ports()));
    line(out, "volumes", list(c.volumes()));
    line(out, "network", c.network().orElse(""));
    line(out, "user", c.user().orElse(""));
    line(out, "restart", c.restart().word());
    line(out, "depends_on", list(c.dependsOn()));
    line(out, "stop_timeout", Long.toString(c.stopTimeout().toMillis()));
    c.health()
        .ifPresent(
            h -> {
              line(out, "health.cmd", list(h.cmd()));
              line(out, "health.interval", Long.toString(h.interval().toMillis()));
              line(out, "health.retries", Integer.toString(h.retries()));
              line(out, "health.start_period", Long.toString(h.startPeriod().toMillis()));
              line(out, "health.timeout", Long.toString(h.timeout().toMillis()));
            });
    // Only components with secrets have these lines, so that every other hash stays as it was
    // before secrets existed (an upgrade recreates nothing). The digests are keyed HMACs of the
    // values: a new value changes the hash of exactly the components that use it.
    SecretRefs s = c.secrets();
    if (!s.isEmpty()) {
      line(out, "secrets", list(s.files()));
      line(out, "env_secrets", map(s.env()));
      Map<String, String> digests = new TreeMap<>();
      s.names().forEach(n -> digests.put(n, s.digests().getOrDefault(n, "")));
      line(out, "secret_digests", map(digests));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(quote(value)).append('\n');
  }

  private static String list(List<String> values) {
    StringBuilder b = new StringBuilder("[");
    for (String v : values) {
      b.append(quote(v)).append(',');
    }
    return b.append(']').toString();
  }

  private static String map(Map<String, String> values) {
    StringBuilder b = new StringBuilder("{");
    new TreeMap<>(values)
        .forEach((k, v) -> b.append(quote(k)).append(':').append(quote(v)).append(','));
    return b.append('}').toString();
  }

  /** Length-prefixed, so that no value can imitate a separator. */
  private static String quote(String s) {
    return s.length() + ":" + s;
  }
}
