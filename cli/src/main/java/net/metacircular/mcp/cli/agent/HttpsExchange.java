package net.metacircular.mcp.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request over its own TLS connection, blocking, on the caller's thread. The CLI asked
 * {@code java.net.http} before: its client cost about 100 ms more of start-up (its classes, and a
 * selector thread that the JVM's exit then waits for; docs/benchmarks.md, section 3). A command's
 * later requests to the same agent resume the TLS session from the SSLContext's cache, so one
 * connection per request costs a short handshake only.
 */
final class HttpsExchange {
  private HttpsExchange() {}

  /**
   * Sends the request and reads the answer's head; its body is left to the caller, read before
   * {@code deadlineNanos} unless {@code bodyUnbounded} (an event stream).
   *
   * @throws ExchangeTimeout no connection within {@code connectTimeout}, or no answer by the
   *     deadline
   * @throws ConnectException refused (no message), or the host name is unknown (saying so)
   * @throws javax.net.ssl.SSLException the TLS handshake failed
   */
  static HttpsAnswer send(
      AgentTls tls,
      String address,
      String method,
      String path,
      Map<String, String> headers,
      byte[] body,
      Duration connectTimeout,
      long deadlineNanos,
      boolean bodyUnbounded)
      throws IOException {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(address.substring(colon + 1));
    Socket raw = connect(host, port, connectTimeout);
    SSLSocket socket;
    try {
      socket = (SSLSocket) tls.sockets().createSocket(raw, host, port, true);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
    try {
      tls.configure(socket, host);
      DeadlineInput in = new DeadlineInput(socket, socket.getInputStream(), deadlineNanos);
      // The handshake happens on the first read or write: under the deadline as well.
      socket.setSoTimeout(remainingMillis(deadlineNanos));
      try {
        socket.startHandshake();
      } catch (SocketTimeoutException e) {
        throw new ExchangeTimeout(false);
      }
      OutputStream out = new BufferedOutputStream(socket.getOutputStream());
      out.write(head(method, address, path, headers, body).getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      BufferedInputStream buffered = new BufferedInputStream(in);
      AnswerHead answer = AnswerHead.read(buffered);
      if (bodyUnbounded && answer.status() >= 200 && answer.status() < 300) {
        in.noDeadline();
      }
      return new HttpsAnswer(answer, buffered, socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static Socket connect(String host, int port, Duration timeout) throws IOException {
    Socket raw = new Socket();
    try {
      raw.connect(
          new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      raw.setTcpNoDelay(true);
      return raw;
    } catch (SocketTimeoutException e) {
      raw.close();
      throw new ExchangeTimeout(true);
    } catch (UnknownHostException e) {
      raw.close();
      // java.net.http said "connection refused" for this too, which sent operators looking for a
      // down agent when the address in mcp.toml was mistyped.
      throw new ConnectException(
          "no address for the host " + host + "; check the node's address in mcp.toml");
    } catch (ConnectException e) {
      raw.close();
      // As java.net.http reported it: a ConnectException without a message (the CLI says
      // "connection refused"; its messages stay word for word).
      throw new ConnectException();
    } catch (IOException e) {
      raw.close();
      throw e;
    }
  }

  private static String head(
      String method, String address, String path, Map<String, String> headers, byte[] body) {
    StringBuilder b = new StringBuilder();
    b.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(address).append("\r\n");
    b.append("Connection: close\r\n");
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    if (body != null) {
      b.append("Content-Length: ").append(body.length).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  private static int remainingMillis(long deadlineNanos) throws ExchangeTimeout {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new ExchangeTimeout(false);
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
  }
}
