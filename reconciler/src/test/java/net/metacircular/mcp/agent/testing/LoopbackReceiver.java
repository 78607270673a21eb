package net.metacircular.mcp.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import net.metacircular.mcp.agent.api.TestCerts;

/**
 * A receiver of notifications on loopback: plain HTTP, or real TLS with a certificate of a test CA
 * (write it with {@link TestCerts#writeCa} for the agent's {@code ca_file}). It keeps what it took
 * (2xx); a path under {@code /down} answers 503, and {@link #answer} makes every path answer a
 * status; {@link #stop} and {@link #start} take it away and bring it back on the same port, as a
 * receiver down for a while.
 */
public final class LoopbackReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the receiver took. */
  public record Received(String path, Map<String, List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public JsonNode json() throws IOException {
      return JSON.readTree(body);
    }

    /** A header's single value, or null; the JDK's server capitalises only the first letter. */
    public String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final SSLContext tls;
  private final List<Received> received = new ArrayList<>();
  private volatile int answer = 200;
  private HttpServer server;
  private int port;

  private LoopbackReceiver(SSLContext tls) throws IOException {
    this.tls = tls;
    start();
  }

  public static LoopbackReceiver http() throws IOException {
    return new LoopbackReceiver(null);
  }

  /** Over TLS, with a server certificate of {@code ca} written under {@code dir}. */
  public static LoopbackReceiver https(TestCerts ca, java.nio.file.Path dir) throws IOException {
    return new LoopbackReceiver(ca.serverContext(dir));
  }

  /** Listens (again, on the same port once it has one). */
  public synchronized void start() throws IOException {
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
    if (tls == null) {
      server = HttpServer.create(at, 0);
    } else {
      HttpsServer s = HttpsServer.create(at, 0);
      s.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = s;
    }
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().getPath();
          int status = path.startsWith("/down") ? 503 : answer;
          if (status / 100 == 2) {
            synchronized (received) {
              received.add(new Received(path, Map.copyOf(ex.getRequestHeaders()), body));
            }
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  /** What every path but {@code /down} answers from now on (200 at first). */
  public void answer(int status) {
    answer = status;
  }

  /** Stops listening: connections are refused until {@link #start}. */
  public synchronized void stop() {
    server.stop(0);
  }

  public String url(String path) {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + path;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The {@code status} of each message taken, in order. */
  public List<String> statuses() throws IOException {
    List<String> out = new ArrayList<>();
    for (Received r : received()) {
      out.add(r.json().path("status").asText());
    }
    return out;
  }

  @Override
  public void close() {
    stop();
  }
}
