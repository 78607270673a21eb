package net.metacircular.mcp.schema;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Published ports in podman's {@code -p} syntax: {@code [ip:][hostPort:]containerPort[/proto]}. */
final class PortSyntax {
  static final String EXPECTED =
      "expected [ip:][hostPort:]containerPort[/tcp|udp|sctp], e.g. \"127.0.0.1:18443:8443\","
          + " \"8000-8010:8000-8010\" or \"[::1]:8080:80/udp\"";

  private static final Pattern RANGE = Pattern.compile("([0-9]{1,9})(?:-([0-9]{1,9}))?");
  private static final Pattern IPV4 =
      Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private PortSyntax() {}

  /** A port or an inclusive range of ports. */
  private record Range(int first, int last) {
    int size() {
      return last - first + 1;
    }
  }

  /** Why {@code spec} is not a port mapping, or empty if it is one. */
  static Optional<String> problem(String spec) {
    String rest = spec;
    int slash = rest.lastIndexOf('/');
    if (slash >= 0) {
      String proto = rest.substring(slash + 1);
      if (!proto.equals("tcp") && !proto.equals("udp") && !proto.equals("sctp")) {
        return Optional.of("protocol " + TomlValues.quote(proto) + " is not tcp, udp or sctp");
      }
      rest = rest.substring(0, slash);
    }
    String[] parts;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        return Optional.of("the IPv6 address has no closing ']'");
      }
      String ip = rest.substring(1, close);
      if (!isIpv6(ip)) {
        return Optional.of(TomlValues.quote(ip) + " is not an IPv6 address");
      }
      parts = rest.substring(close + 1).split(":", -1);
      if (parts.length != 3 || !parts[0].isEmpty()) {
        return Optional.of("after the IPv6 address comes :hostPort:containerPort");
      }
      return ports(parts[1], parts[2], true);
    }
    // Without brackets, the number of ':' tells which parts are there.
    parts = rest.split(":", -1);
    return switch (parts.length) {
      case 1 -> ports("", parts[0], true);
      case 2 -> ports(parts[0], parts[1], false);
      case 3 ->
          isIpv4(parts[0])
              ? ports(parts[1], parts[2], true)
              : Optional.of(
                  TomlValues.quote(parts[0])
                      + " is not an IPv4 address (IPv6 addresses go in brackets)");
      default ->
          Optional.of("too many ':' (IPv6 addresses go in brackets, e.g. \"[::1]:8080:80\")");
    };
  }

  /**
   * An empty host side lets podman pick a free port; it is written as no host side at all, or empty
   * after an IP address.
   */
  private static Optional<String> ports(String host, String container, boolean hostMayBeEmpty) {
    Optional<String> why = rangeProblem(container, "container port");
    if (why.isPresent()) {
      return why;
    }
    if (host.isEmpty()) {
      return hostMayBeEmpty
          ? Optional.empty()
          : Optional.of(
              "the host port before ':' is empty; give one or write the container port alone");
    }
    why = rangeProblem(host, "host port");
    if (why.isPresent()) {
      return why;
    }
    Range h = range(host);
    Range c = range(container);
    if (c.size() > 1 && h.size() != c.size()) {
      return Optional.of(
          "host ports " + host + " and container ports " + container + " differ in number");
    }
    return Optional.empty();
  }

  private static Optional<String> rangeProblem(String text, String what) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches()) {
      return Optional.of(
          text.isEmpty()
              ? "the " + what + " is missing"
              : "the " + what + " " + TomlValues.quote(text) + " is not a number or a range");
    }
    Range r = range(text);
    for (int p : new int[] {r.first(), r.last()}) {
      if (p < 1 || p > 65535) {
        return Optional.of("port " + p + " is out of range 1-65535");
      }
    }
    if (r.last() < r.first()) {
      return Optional.of("range " + text + " runs backwards");
    }
    return Optional.empty();
  }

  /** Parses what {@link #rangeProblem} accepted. */
  private static Range range(String text) {
    Matcher m = RANGE.matcher(text);
    if (!m.matches()) {
      throw new IllegalStateException("not checked: " + text);
    }
    int first = Integer.parseInt(m.group(1));
    return new Range(first, m.group(2) == null ? first : Integer.parseInt(m.group(2)));
  }

  private static boolean isIpv4(String ip) {
    Matcher m = IPV4.matcher(ip);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    return true;
  }

  /** A plausible IPv6 literal: hex groups of at most 4, at most one "::", at most 8 groups. */
  private static boolean isIpv6(String ip) {
    if (!IPV6.matcher(ip).matches() || !ip.contains(":")) {
      return false;
    }
    int doubleColon = ip.indexOf("::");
    if (doubleColon >= 0 && ip.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = ip.split(":", -1);
    int count = 0;
    for (String g : groups) {
      if (g.length() > 4 && !g.contains(".")) {
        return false;
      }
      count += g.isEmpty() ? 0 : 1;
    }
    return count <= 8 && (doubleColon >= 0 || count == 8 || ip.contains("."));
  }
}
