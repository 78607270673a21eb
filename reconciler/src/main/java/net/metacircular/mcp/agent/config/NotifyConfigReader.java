package net.metacircular.mcp.agent.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.config.NotifyConfig.Format;
import net.metacircular.mcp.agent.files.CaCertificates;

/**
 * Reads one {@code [[notify]]} table. A receiver that could only fail later (an unknown format, a
 * secret nobody can read or everybody can, a plain-http URL leaving the node) refuses the start.
 */
final class NotifyConfigReader {
  /** The incident kinds a filter may name (DESIGN.md, "Notifications"). */
  static final List<String> KINDS =
      List.of(
          "failed",
          "crash_loop",
          "quarantined",
          "drift",
          "conflict",
          "source_failing",
          "suspended");

  private NotifyConfigReader() {}

  /**
   * The receivers of the {@code [[notify]]} tables. Two tables may not share a url: a receiver's
   * incident state is kept by its url (see {@link NotifyConfig#key}).
   */
  static List<NotifyConfig> readAll(List<ConfigTable> tables) {
    java.util.Map<String, String> seen = new java.util.HashMap<>();
    List<NotifyConfig> out = new java.util.ArrayList<>();
    for (ConfigTable t : tables) {
      NotifyConfig r = read(t);
      if (r == null) {
        continue;
      }
      String first = seen.putIfAbsent(r.key(), r.name());
      if (first != null) {
        t.problem(
            "url",
            "the same url as "
                + first
                + ": one table per receiver (its kinds and services filter what it is sent)");
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** The receiver, or null when the table has problems (added to the table's problems). */
  static NotifyConfig read(ConfigTable t) {
    int before = t.problemCount();
    String url = t.requiredString("url", "\"https://hooks.example.net/mcp\"");
    String formatWord = t.string("format").orElse("json");
    Optional<Path> secret = t.path("secret_file");
    Optional<Path> caFile = t.path("ca_file");
    var repeat = t.duration("repeat", NotifyConfig.DEFAULT_REPEAT);
    List<String> kinds = t.strings("kinds");
    List<String> services = t.strings("services");
    URI uri = url.isEmpty() ? null : uri(t, url);
    Format format = null;
    try {
      format = Format.valueOf(formatWord.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      t.problem(
          "format",
          "unknown format \""
              + formatWord
              + "\"; known formats: "
              + Arrays.stream(Format.values()).map(Format::word).collect(Collectors.joining(", ")));
    }
    secret.ifPresent(p -> checkSecret(t, p));
    caFile.ifPresent(p -> checkCa(t, p));
    if (repeat.isZero() || repeat.isNegative()) {
      t.problem("repeat", "must be positive, e.g. repeat = \"4h\"");
    }
    Set<String> unknown = new HashSet<>(kinds);
    unknown.removeAll(KINDS);
    if (!unknown.isEmpty()) {
      t.problem(
          "kinds",
          "unknown kinds "
              + unknown.stream().sorted().toList()
              + "; known kinds: "
              + String.join(", ", KINDS));
    }
    if (t.problemCount() > before || uri == null || format == null) {
      return null;
    }
    return new NotifyConfig(
        t.name(), uri, format, secret, caFile, repeat, Set.copyOf(kinds), Set.copyOf(services));
  }

  private static URI uri(ConfigTable t, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      t.problem("url", "not a URL: " + e.getMessage());
      return null;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      t.problem("url", "expected an https:// URL with a host, got \"" + url + "\"");
      return null;
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      t.problem(
          "url",
          "plain http is allowed only to this node (localhost, 127.0.0.1, ::1): messages name"
              + " services and failures; use https://"
              + uri.getRawAuthority()
              + uri.getRawPath()
              + ", got \""
              + url
              + "\"");
      return null;
    }
    return uri;
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost is not resolved at start
    }
    try {
      return InetAddress.getByName(bare).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void checkCa(ConfigTable t, Path file) {
    try {
      CaCertificates.trustManagers(file);
    } catch (NoSuchFileException e) {
      t.problem("ca_file", file + ": no such file");
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      t.problem("ca_file", file + ": cannot be read as PEM certificates: " + e.getMessage());
    }
  }

  private static void checkSecret(ConfigTable t, Path file) {
    Set<PosixFilePermission> mode;
    byte[] bytes;
    try {
      mode = Files.getPosixFilePermissions(file);
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      t.problem("secret_file", file + ": no such file");
      return;
    } catch (IOException | RuntimeException e) {
      t.problem("secret_file", file + ": cannot be read: " + e.getMessage());
      return;
    }
    if (mode.contains(PosixFilePermission.GROUP_READ)
        || mode.contains(PosixFilePermission.OTHERS_READ)) {
      t.problem(
          "secret_file",
          file
              + " is readable by other users ("
              + PosixFilePermissions.toString(mode)
              + "), and whoever reads it can forge this agent's messages; make it readable only"
              + " by the agent's user: chmod 600 "
              + file);
    } else if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      t.problem("secret_file", file + " is empty");
    }
  }
}
