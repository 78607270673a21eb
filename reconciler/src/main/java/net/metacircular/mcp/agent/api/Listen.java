package net.metacircular.mcp.agent.api;

import java.net.InetSocketAddress;

/** {@code [server] listen}: {@code host:port}, {@code [v6]:port} or {@code :port}. */
final class Listen {
  private Listen() {}

  static InetSocketAddress parse(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "[server] listen = \"" + listen + "\": expected host:port, e.g. \"0.0.0.0:9443\"");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "[server] listen = \"" + listen + "\": the port is not a number", e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "[server] listen = \"" + listen + "\": the port must be 0 to 65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }
}
