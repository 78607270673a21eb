package net.metacircular.mcp.agent.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import net.metacircular.mcp.agent.api.TestCerts;

/**
 * A receiver of notifications over real TLS on loopback, with a certificate of a test CA (write it
 * with {@link TestCerts#writeCa} for the agent's {@code ca_file}). It keeps what it took (2xx); a
 * path under {@code /down} answers 503; {@link #stop} and {@link #start} take it away and bring it
 * back on the same port, as a receiver down for a while.
 */
public final class HttpsReceiver implements AutoCloseable {
  /** What the receiver took. */
  public record Received(String path, Map<String, List<String>> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** A header's single value, or null; the JDK's server capitalises only the first letter. */
    public String header(String name) {
      List<String> v = headers.get(name);
      return v == null || v.isEmpty() ? null : v.get(0);
    }
  }

  private final SSLContext tls;
  private final List<Received> received = new ArrayList<>();
  private HttpsServer server;
  private int port;

  public HttpsReceiver(TestCerts ca, Path dir) throws IOException {
    this.tls = ca.serverContext(dir);
    start();
  }

  /** Listens (again, on the same port once it has one). */
  public synchronized void start() throws IOException {
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().getPath();
          boolean down = path.startsWith("/down");
          if (!down) {
            synchronized (received) {
              received.add(new Received(path, Map.copyOf(ex.getRequestHeaders()), body));
            }
          }
          ex.sendResponseHeaders(down ? 503 : 200, -1);
          ex.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  /** Stops listening: connections are refused until {@link #start}. */
  public synchronized void stop() {
    server.stop(0);
  }

  public String url(String path) {
    return "https://127.0.0.1:" + port + path;
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
