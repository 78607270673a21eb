package net.metacircular.mcp.agent.api;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that take too long to say what they want: a new connection whose TLS handshake
 * and first request line and headers are not all in within the deadline, or a request whose line
 * and headers, once begun, are not complete within it. Jetty's idle timeout alone lets a client
 * that sends a byte every few seconds (slowloris) hold a connection for ever. A connection idle
 * between two requests is left to the idle timeout; a slow body to {@link PacedBody}.
 *
 * <p>Jetty parses request heads without holding a thread, so slow clients cost connections, not the
 * threads that answer others; this bounds how long each one lasts.
 */
final class SlowClientGuard implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

  private final ServerConnector connector;
  private final long deadlineMillis;
  private final LongSupplier clock;

  /** When each connection was first seen part way through a request's head. */
  private final Map<EndPoint, Long> headBegun = new ConcurrentHashMap<>();

  SlowClientGuard(ServerConnector connector, long deadlineMillis, LongSupplier clock) {
    this.connector = connector;
    this.deadlineMillis = deadlineMillis;
    this.clock = clock;
  }

  /** One sweep over the open connections; run every second or so. */
  @Override
  public void run() {
    long now = clock.getAsLong();
    Set<EndPoint> open = Set.copyOf(connector.getConnectedEndPoints());
    headBegun.keySet().retainAll(open);
    for (EndPoint ep : open) {
      long since = waitingSince(ep, now);
      if (since >= 0 && now - since > deadlineMillis) {
        LOG.debug(
            "closing the connection from {}: no complete request within {} ms",
            ep.getRemoteSocketAddress(),
            deadlineMillis);
        headBegun.remove(ep);
        ep.close();
      }
    }
  }

  /** Since when {@code ep} has been waiting for a request's head to complete; -1 if it is not. */
  private long waitingSince(EndPoint ep, long now) {
    Connection c = ep.getConnection();
    if (c instanceof SslConnection ssl) {
      c = ssl.getDecryptedEndPoint().getConnection();
    }
    if (!(c instanceof HttpConnection http)) {
      // Not HTTP (yet): an SSL handshake that has not got as far as its HTTP connection.
      return ep.getCreatedTimeStamp();
    }
    HttpParser parser = http.getParser();
    if (parser.isStart()) {
      headBegun.remove(ep);
      // Nothing of a request yet: the first one is due, a later one is up to the idle timeout.
      return http.getMessagesIn() == 0 ? ep.getCreatedTimeStamp() : -1;
    }
    if (parser.inHeaderState()) {
      return headBegun.computeIfAbsent(ep, e -> now);
    }
    headBegun.remove(ep);
    return -1;
  }
}
